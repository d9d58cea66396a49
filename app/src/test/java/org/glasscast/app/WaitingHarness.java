package org.glasscast.app;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glasscast.media.YuvFrame;
import org.glasscast.sender.media.TestPattern;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.stats.ViewerStats;
import org.glasscast.viewer.window.VideoWindow;

/**
 * The viewer's window driven as issue 11's viewer drives it, run as its own process by {@link
 * WindowIT}: it starts waiting ("connection refused"), with no pictures; when the control file
 * says {@code play} it feeds the sender's test pattern at 30 fps and marks the stream playing,
 * as the viewer does on its first picture; when it says {@code wait} it stops the pictures and
 * waits again ("the sender ended the stream"). A recording is on from the start, so the REC
 * mark shows. Esc or Q ends it.
 *
 * <p>Arguments: the control file, the picture's width and height.
 */
public final class WaitingHarness {
    private static final long FRAME_NANOS = 1_000_000_000L / 30;

    private WaitingHarness() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path control = Path.of(args[0]);
        int width = Integer.parseInt(args[1]);
        int height = Integer.parseInt(args[2]);
        ViewerStats stats = new ViewerStats();
        stats.waitingCause = "connection refused by 127.0.0.1:8554";
        stats.waitingSinceNanos = System.nanoTime();
        VideoWindow window = VideoWindow.open("glasscast \u2014 rtsp://127.0.0.1:8554/live", false,
                PresentationClock.NONE, new Recording());
        Thread feeder = new Thread(() -> feed(control, width, height, stats, window.frames(), out), "harness-feed");
        feeder.setDaemon(true);
        try {
            feeder.start();
            out.println("harness: " + window.run(stats, () -> false));
        } finally {
            window.close();
        }
        System.exit(0);
    }

    /** Follows the control file: pictures while it says play, none while it says wait. */
    private static void feed(Path control, int width, int height, ViewerStats stats, VideoDecodeStage.FrameSink sink,
                             PrintStream out) {
        TestPattern pattern = new TestPattern(width, height);
        YuvFrame frame = new YuvFrame(width, height);
        Picture picture = picture(frame);
        boolean playing = false;
        boolean played = false;
        long index = 0;
        long next = System.nanoTime();
        try {
            while (true) {
                String says = Files.exists(control) ? Files.readString(control).strip() : "";
                if (says.equals("play")) {
                    long captureMicros = System.currentTimeMillis() * 1000;
                    pattern.draw(frame, index++, captureMicros, false);
                    sink.onFrame(picture, captureMicros);
                    if (!playing) { // as the viewer does when the stream is back
                        playing = true;
                        long waited = (System.nanoTime() - stats.waitingSinceNanos) / 1_000_000;
                        if (played) {
                            stats.reconnects.increment();
                            stats.waitingMillisLast = waited;
                            stats.waitingMillisTotal.add(waited);
                        }
                        played = true;
                        stats.waitingSinceNanos = 0;
                        stats.waitingCause = null;
                        out.println("harness: playing");
                    }
                } else if (says.equals("wait") && playing) {
                    playing = false;
                    stats.waitingCause = "the sender ended the stream";
                    stats.waitingSinceNanos = System.nanoTime();
                    out.println("harness: waiting");
                }
                next += FRAME_NANOS;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (Exception e) {
            out.println("harness: feeding failed: " + e);
        }
    }

    /** The test pattern's frame as the decoder hands pictures over: I420, BT.601 limited range. */
    private static Picture picture(YuvFrame f) {
        return new Picture() {
            @Override
            public int width() {
                return f.width();
            }

            @Override
            public int height() {
                return f.height();
            }

            @Override
            public ByteBuffer plane(int i) {
                return f.plane(i);
            }

            @Override
            public int stride(int i) {
                return i == 0 ? f.strideY() : f.strideUV();
            }

            @Override
            public boolean fullRange() {
                return false;
            }

            @Override
            public int matrixCoefficients() {
                return 6;
            }
        };
    }

    /** A recording that runs from the start and grows by a megabyte a second: the REC mark has something to show. */
    private static final class Recording implements RecordingControl {
        private final long startNanos = System.nanoTime();

        @Override
        public void toggle() {
        }

        @Override
        public boolean recording() {
            return true;
        }

        @Override
        public long elapsedMillis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        @Override
        public long bytes() {
            return elapsedMillis() * 1000;
        }

        @Override
        public Path path() {
            return null;
        }
    }
}
