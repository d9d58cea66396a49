package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glasscast.bench.AvMeter;
import org.glasscast.bench.PulseAudio;
import org.glasscast.sender.source.screen.Xvfb;
import org.glasscast.viewer.stats.FrameLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The A/V meter outside the viewer, as an app test uses it: {@code glasscast view URL} run as a
 * user runs it (its window on a private Xvfb, sound on through a private PulseAudio null sink,
 * vsync on), and ffmpeg recording the window's flash region and the sink's monitor with wall-clock
 * timestamps. Checked: the meter hears the test tone's beeps after they were made and records the
 * screen; its figures are numbers wherever a flash and its beep were both found. No timing is
 * judged here (the bench reports them: bench loopback --window, bench meter).
 */
class OutsideAvMeterIT {
    private static final int W = 640;
    private static final int H = 360;

    @TempDir
    Path dir;

    @Test
    void theMeterHearsAndSeesTheDefaultViewerFromOutside() throws Exception {
        int port = Proc.freePort();
        Path displayLog = dir.resolve("displayed.csv");
        try (PulseAudio pulse = PulseAudio.start();
             Xvfb x = Xvfb.start((int) Math.ceil(W / 0.9) + 16 & ~1, (int) Math.ceil(H / 0.9) + 16 & ~1);
             Proc sender = Proc.glasscast(dir, "sender", "send", "--source", "test", "--size", W + "x" + H, "--fps",
                     "30", "--audio", "test", "--listen", "127.0.0.1:" + port)) {
            sender.awaitOutput("send: serving", 60);
            Map<String, String> env = new HashMap<>(pulse.environment());
            env.put("DISPLAY", x.display());
            AvMeter.Result result;
            try (Proc viewer = Proc.glasscastWithEnv(dir, "viewer", env,
                    List.of("-D" + FrameLog.DISPLAYED + "=" + displayLog),
                    "view", "rtsp://127.0.0.1:" + port + "/live", "--quiet");
                 // the window opens at 0,0 showing the picture 1:1 on a WM-less Xvfb of this size
                 AvMeter meter = AvMeter.start(x.display(), AvMeter.Region.flashArea(0, 0, W, H), pulse,
                         dir.resolve("meter"))) {
                Thread.sleep(14_000);
                result = meter.stop();
                viewer.stop(20); // SIGTERM, as a user's Ctrl-C: the viewer closes its display log
            }
            result = result.withFlashCaptures(AvMeter.flashCaptures(displayLog));
            assertThat(result.grabs()).as("screen grabs recorded").isGreaterThan(100);
            assertThat(result.beeps().size()).as("beeps heard in the sink's monitor").isGreaterThanOrEqualTo(5);
            assertThat(result.heardLatencyMillis(50)).as("capture → heard, ms").isPositive();
            assertThat(result.sinkConfiguredLatencyMillis()).as("the null sink's configured latency, ms").isPositive();
            for (AvMeter.Second s : result.pairs()) {
                assertThat(s.avOffsetMillis()).as("A/V offset at " + s.second()).isFinite();
                assertThat(s.pictureLatencyMillis()).as("capture → on screen at " + s.second()).isFinite();
            }
            System.out.printf(java.util.Locale.ROOT, "outside the viewer: %d beeps, %d flashes, %d pairs; capture → heard"
                            + " p50 %.1f ms, capture → on screen p50 %.1f ms, A/V p50 %.1f ms%n", result.beeps().size(),
                    result.flashes().size(), result.pairs().size(), result.heardLatencyMillis(50),
                    result.pictureLatencyMillis(50), result.avOffsetMillis(50));
        }
    }
}
