package org.glasscast.sender.source.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.AudioSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a PulseAudio daemon of our own (fresh runtime and config dirs, a null sink "vsink" as
 * default): Debian's ffmpeg plays a tone into it and we capture the monitor.
 */
class PulseAudioSourceTest {
    private static Path dir;
    private static Map<String, String> env;
    private static String server;

    @BeforeAll
    static void startDaemon() throws Exception {
        Tools.require("/usr/bin/pulseaudio");
        dir = Files.createTempDirectory("glasscast-pulse");
        Path run = Files.createDirectories(dir.resolve("run"));
        run.toFile().setReadable(false, false);
        run.toFile().setReadable(true, true);
        Files.createDirectories(dir.resolve("config"));
        Files.createDirectories(dir.resolve("home"));
        Path script = Files.writeString(dir.resolve("default.pa"), String.join("\n",
                "load-module module-native-protocol-unix",
                "load-module module-null-sink sink_name=vsink",
                "set-default-sink vsink", ""));
        env = Map.of("XDG_RUNTIME_DIR", run.toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "HOME", dir.resolve("home").toString());
        // as root pulseaudio warns but runs; -n -F: only our modules, no autodetected hardware
        run(List.of("/usr/bin/pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "-n", "-F", script.toString()));
        Path socket = run.resolve("pulse/native");
        for (int i = 0; i < 50 && !Files.exists(socket); i++) {
            Thread.sleep(100);
        }
        assertThat(socket).as("pulseaudio socket").exists();
        server = "unix:" + socket;
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (env != null) {
            run(List.of("/usr/bin/pulseaudio", "--kill"));
        }
        if (dir != null) {
            Tools.deleteQuietly(dir);
        }
    }

    private static void run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(command.toString()).isTrue();
    }

    @Test
    void monitorCapturesWhatIsPlayed() throws Exception {
        MediaClock clock = MediaClock.system();
        Process player = null;
        try (FfmpegAudioSource audio = FfmpegAudioSource.openDevice(clock, "monitor", Map.of("server", server))) {
            assertThat(audio.describe()).isEqualTo("pulse: @DEFAULT_MONITOR@");
            player = Tools.start(Map.of("PULSE_SERVER", server, "XDG_RUNTIME_DIR", env.get("XDG_RUNTIME_DIR"),
                    "HOME", env.get("HOME")), "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                    "-t", "8", "-f", "pulse", "default");
            short[] pcm = new short[AudioSource.FRAME_SAMPLES * AudioSource.CHANNELS];
            List<Long> times = new ArrayList<>();
            int toneFrames = 0;
            int n = AudioSource.FRAME_SAMPLES;
            // up to 5 s of 10 ms frames for 1 s of the tone
            for (int i = 0; i < 500 && toneFrames < 100; i++) {
                long t = audio.read(pcm);
                assertThat(t).isNotEqualTo(AudioSource.END);
                times.add(t);
                double p1000 = Tools.power(pcm, n, 1000, 48000);
                if (p1000 > 1e6 && p1000 > 100 * Tools.power(pcm, n, 440, 48000)
                        && p1000 > 100 * Tools.power(pcm, n, 2000, 48000)) {
                    toneFrames++;
                }
            }
            assertThat(toneFrames).as("frames where 1000 Hz dominates").isEqualTo(100);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).as("step %d", i).isEqualTo(10_000L);
            }
            assertThat(audio.droppedSamples()).isZero();
        } finally {
            if (player != null) {
                player.destroy();
                player.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void closeFromAnotherThreadEndsARead() throws Exception {
        FfmpegAudioSource audio = FfmpegAudioSource.openDevice(MediaClock.system(), "vsink.monitor",
                Map.of("server", server));
        short[] pcm = new short[AudioSource.FRAME_SAMPLES * AudioSource.CHANNELS];
        assertThat(audio.read(pcm)).isNotEqualTo(AudioSource.END);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            audio.close();
        });
        closer.start();
        long t;
        do {
            t = audio.read(pcm);
        } while (t != AudioSource.END);
        closer.join();
    }

    @Test
    void devicesListTheNullSinksMonitor() {
        List<Devices.Device> devices = Devices.list(Map.of("server", server));
        assertThat(devices).contains(new Devices.Device("audio-monitor", "vsink.monitor", "Monitor of Null Output"))
                .anySatisfy(d -> assertThat(d.spelling()).isEqualTo("monitor"));
    }
}
