package org.glasscast.sender.source.ffmpeg;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Debian's ffmpeg CLI as a peer we did not write, and a Goertzel detector for test tones. */
final class Tools {
    static final String FFMPEG = "/usr/bin/ffmpeg";

    private Tools() {
    }

    /** Fails (never skips) when a tool the tests need is missing. */
    static void require(String path) {
        if (!new File(path).canExecute()) {
            throw new AssertionError(path + " is missing: apt-get install ffmpeg pulseaudio pulseaudio-utils");
        }
    }

    /** Runs ffmpeg to completion; fails with its output when it fails. */
    static void ffmpeg(String... args) throws IOException, InterruptedException {
        Process p = start(Map.of(), args);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    /** Starts ffmpeg in the background (output discarded) with extra environment. */
    static Process start(Map<String, String> env, String... args) throws IOException {
        require(FFMPEG);
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (env.isEmpty()) {
            pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        return pb.start();
    }

    /** 2 s of testsrc2 320x240 at 30 fps (GOP 15) and a 1000 Hz sine, H.264 + AAC in MP4. */
    static Path testFile(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("talk.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=1000:sample_rate=48000", "-t", "2", "-c:v", "libx264", "-g", "15",
                "-pix_fmt", "yuv420p", "-c:a", "aac", file.toString());
        return file;
    }

    /** Power of {@code frequency} in the left channel of interleaved stereo PCM (Goertzel). */
    static double power(short[] pcm, int samples, double frequency, int sampleRate) {
        double coeff = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < samples; i++) {
            double s0 = pcm[2 * i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
