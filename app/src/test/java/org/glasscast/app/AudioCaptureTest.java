package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the machine plays, streamed: a PulseAudio daemon of the test's own with a null sink, a
 * 1 kHz tone played into it by Debian's ffmpeg, the sender capturing {@code --audio monitor} next
 * to the test pattern, and the viewer's decoded sound checked for that tone. Over 60 s the audio
 * and video time lines must not drift apart (a Python recorder merging separate files lost 900 ms a minute).
 */
class AudioCaptureTest {
    private static final double TONE_HZ = 1000;
    private static Path runtime;
    private static Process player;

    @BeforeAll
    static void startPulseAndATone() throws Exception {
        String dir = System.getenv("GLASSCAST_TEST_PULSE_RUNTIME");
        assertThat(dir).as("surefire sets GLASSCAST_TEST_PULSE_RUNTIME and PULSE_SERVER (app/pom.xml)").isNotNull();
        runtime = Path.of(dir);
        Files.createDirectories(runtime.resolve("config"));
        Files.createDirectories(runtime.resolve("home"));
        runtime.toFile().setReadable(false, false);
        runtime.toFile().setReadable(true, true);
        Path script = Files.writeString(runtime.resolve("default.pa"), String.join("\n",
                "load-module module-native-protocol-unix",
                "load-module module-null-sink sink_name=vsink",
                "set-default-sink vsink", ""));
        pulse("--kill"); // a daemon left by an earlier run
        pulse("--daemonize=yes", "--exit-idle-time=-1", "-n", "-F", script.toString());
        Path socket = runtime.resolve("pulse/native");
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(100);
        }
        assertThat(socket).as("our PulseAudio daemon's socket").exists();
        ProcessBuilder b = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
                "sine=frequency=" + (int) TONE_HZ + ":sample_rate=48000", "-t", "90", "-f", "pulse", "default")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        env(b);
        player = b.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (player != null) {
            player.destroyForcibly();
        }
        if (runtime != null) {
            pulse("--kill");
        }
    }

    private static void pulse(String... args) throws Exception {
        ProcessBuilder b = new ProcessBuilder(new java.util.ArrayList<>(List.of("pulseaudio")));
        b.command().addAll(List.of(args));
        b.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        env(b);
        Process p = b.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    private static void env(ProcessBuilder b) {
        b.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        b.environment().put("XDG_CONFIG_HOME", runtime.resolve("config").toString());
        b.environment().put("HOME", runtime.resolve("home").toString());
        b.environment().put("PULSE_SERVER", "unix:" + runtime.resolve("pulse/native"));
    }

    /** Power of one frequency in a block of interleaved stereo samples (left channel), Goertzel. */
    static double power(short[] pcm, int samples, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / 48_000);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < samples; i++) {
            double s0 = pcm[2 * i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - k * s1 * s2;
    }

    @Test
    void monitorAudioCarriesTheToneAndKeepsTimeWithVideoFor60Seconds() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        MediaClock clock = MediaClock.system();
        LongAdder toneChunks = new LongAdder();
        LongAdder chunks = new LongAdder();
        // capture -> decoded latency of each side in the first and the last 5 s of the minute
        DoubleAdder[] audioLatency = {new DoubleAdder(), new DoubleAdder()};
        DoubleAdder[] videoLatency = {new DoubleAdder(), new DoubleAdder()};
        LongAdder[] audioCount = {new LongAdder(), new LongAdder()};
        LongAdder[] videoCount = {new LongAdder(), new LongAdder()};
        long start = System.nanoTime();
        try (Sender sender = Sender.start(SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0))
                .withAudio("monitor"), quiet)) {
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            Viewer viewer = Viewer.start(new ViewerConfig(url, false, true, true, 50, 65, null, true), quiet,
                    (frame, capture) -> {
                        int w = window(start);
                        if (w >= 0 && capture > 0) {
                            videoLatency[w].add(clock.nowUnixMicros() - capture);
                            videoCount[w].increment();
                        }
                    },
                    (pcm, samples, capture) -> {
                        chunks.increment();
                        double tone = power(pcm, samples, TONE_HZ);
                        if (tone > 100 * power(pcm, samples, 440) && tone > 100 * power(pcm, samples, 2000)) {
                            toneChunks.increment();
                        }
                        int w = window(start);
                        if (w >= 0 && capture > 0) {
                            audioLatency[w].add(clock.nowUnixMicros() - capture);
                            audioCount[w].increment();
                        }
                    });
            viewer.awaitEnd();
            viewer.close();
            assertThat(viewer.failed()).as(viewer.endReason()).isFalse();
        }
        assertThat(chunks.sum()).as("decoded audio packets (10 ms) in 65 s").isGreaterThan(5000);
        assertThat(toneChunks.sum()).as("packets dominated by the played 1 kHz tone").isGreaterThan(chunks.sum() * 9 / 10);
        double[] offsetMs = new double[2];
        for (int w = 0; w < 2; w++) {
            assertThat(audioCount[w].sum()).isPositive();
            assertThat(videoCount[w].sum()).isPositive();
            offsetMs[w] = (audioLatency[w].sum() / audioCount[w].sum() - videoLatency[w].sum() / videoCount[w].sum()) / 1000;
        }
        System.out.printf(java.util.Locale.ROOT, "A/V offset (audio minus video latency): %.1f ms at 3-8 s, %.1f ms at 58-63 s%n",
                offsetMs[0], offsetMs[1]);
        // the same offset at the end of the minute as at its start: audio and video time lines agree
        assertThat(Math.abs(offsetMs[1] - offsetMs[0])).as("A/V drift over 60 s, ms (offsets %.1f -> %.1f)",
                offsetMs[0], offsetMs[1]).isLessThanOrEqualTo(20);
    }

    /** 0 for seconds 3-8 of the run, 1 for seconds 58-63, else -1. */
    private static int window(long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        if (s >= 3 && s < 8) {
            return 0;
        }
        return s >= 58 && s < 63 ? 1 : -1;
    }
}
