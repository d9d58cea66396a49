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
 * burned-in frame code that changes about 60 times a second; {@code glasscast send --source screen}
 * captures it at 15 fps in its own process; the viewer reads the code from every decoded frame.
 * The screen changes faster than it is captured, so frames are skipped (counted as gaps), but
 * none may be unreadable or repeated with a new time.
 */
class ScreenStreamIT {
    @TempDir
    Path dir;

    @Test
    void whatIsOnTheScreenArrivesFrameByFrame() throws Exception {
        try (Xvfb x = Xvfb.start(640, 360)) {
            AtomicBoolean painting = new AtomicBoolean(true);
            Thread painter = new Thread(() -> paint(x.display(), painting), "test-painter");
            painter.start();
            int port = Proc.freePort();
            try (Proc send = Proc.glasscastWithEnv(dir, "screen-send", Map.of("DISPLAY", x.display()), "send",
                    "--source", "screen", "--fps", "15", "--audio", "none", "--listen", "127.0.0.1:" + port,
                    "--quiet")) {
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
                assertThat(s.patternChecked.sum()).as("frames in ~5 s at 15 fps").isGreaterThanOrEqualTo(60);
                assertThat(s.patternErrors.sum()).as("frames whose code was unreadable").isZero();
                assertThat(s.patternRepeats.sum()).as("screen frames repeated with a new time").isZero();
                assertThat(s.lastPatternIndex.get()).isGreaterThan(s.firstPatternIndex.get());
            } finally {
                painting.set(false);
                painter.join(5000);
            }
        }
    }

    /** Paints index 0, 1, 2, ... with the current time, about every 16 ms, until told to stop. */
    private static void paint(String display, AtomicBoolean painting) {
        MediaClock clock = MediaClock.system();
        try (ScreenPainter p = new ScreenPainter(display)) {
            for (long i = 0; painting.get(); i++) {
                p.paint(0, 0, 640, 360, i, clock.nowUnixMicros());
                Thread.sleep(16);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
