package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.screen.ScreenPainter;
import org.glasscast.sender.source.screen.Xvfb;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A screen, streamed: on a private Xvfb a small X client of the test paints a picture with a
 * burned-in frame code; {@code glasscast send --source screen} captures it in its own process; the
 * viewer reads the code from every decoded frame. When the screen changes faster than it is
 * captured, pictures are skipped (counted as gaps), but none may be unreadable or repeated with a
 * new time; when it changes slower, each picture arrives exactly once (the still screen between
 * changes is not sent again as new frames).
 */
class ScreenStreamIT {
    @TempDir
    Path dir;

    @Test
    void screenChangingFasterThanCapturedArrivesWithoutRepeats() throws Exception {
        ViewerStats s = stream(16, 15);
        assertThat(s.patternChecked.sum()).as("frames in ~5 s at 15 fps").isGreaterThanOrEqualTo(60);
    }

    @Test
    void screenChangingSlowerThanCapturedArrivesOncePerChange() throws Exception {
        ViewerStats s = stream(100, 30);
        assertThat(s.patternChecked.sum()).as("pictures in ~5 s at 10 a second").isGreaterThanOrEqualTo(40);
        assertThat(s.patternGaps.sum()).as("pictures painted but not received").isZero();
    }

    /** Paints every {@code paintMillis}, captures at {@code fps}, views for 6 s; checks what any screen stream must hold. */
    private ViewerStats stream(int paintMillis, int fps) throws Exception {
        try (Xvfb x = Xvfb.start(640, 360)) {
            AtomicBoolean painting = new AtomicBoolean(true);
            Thread painter = new Thread(() -> paint(x.display(), painting, paintMillis), "test-painter");
            painter.start();
            int port = Proc.freePort();
            try (Proc send = Proc.glasscastWithEnv(dir, "screen-send", Map.of("DISPLAY", x.display()), "send",
                    "--source", "screen", "--fps", Integer.toString(fps), "--audio", "none",
                    "--listen", "127.0.0.1:" + port, "--quiet")) {
                send.awaitOutput("send: serving", 60);
                PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
                Viewer viewer = Viewer.start(new ViewerConfig("rtsp://127.0.0.1:" + port + "/live", false, true, true,
                        50, 6, null, true), quiet, null);
                viewer.awaitEnd();
                viewer.close();
                ViewerStats s = viewer.stats();
                assertThat(viewer.failed()).as(viewer.endReason()).isFalse();
                assertThat(s.width).isEqualTo(640);
                assertThat(s.height).isEqualTo(360);
                assertThat(s.patternErrors.sum()).as("frames whose code was unreadable").isZero();
                assertThat(s.patternRepeats.sum()).as("screen frames repeated with a new time (the viewer asked for "
                        + s.keyframeRequests.sum() + " keyframes, lost " + s.packetsLost.sum() + " packets, dropped "
                        + s.framesDropped.sum() + " frames)").isZero();
                assertThat(s.lastPatternIndex.get()).isGreaterThan(s.firstPatternIndex.get());
                return s;
            } finally {
                painting.set(false);
                painter.join(5000);
            }
        }
    }

    /**
     * Paints the picture, then changes its code to index 1, 2, ... with the current time, about
     * every {@code millis}, until told to stop. Only the code changes, in one X request, so a
     * grab never sees half a change (which a repeated code would then misreport as a repeat).
     */
    private static void paint(String display, AtomicBoolean painting, int millis) {
        MediaClock clock = MediaClock.system();
        try (ScreenPainter p = new ScreenPainter(display)) {
            p.paint(0, 0, 640, 360, 0, clock.nowUnixMicros());
            for (long i = 1; painting.get(); i++) {
                Thread.sleep(millis);
                p.paintCode(0, 0, 640, 360, i, clock.nowUnixMicros());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
