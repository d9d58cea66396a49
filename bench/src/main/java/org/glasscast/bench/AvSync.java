package org.glasscast.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Reads a recording of the test pattern and tone back with Debian's ffmpeg and finds, for every
 * second, when the picture flashed (a frame's mean luma jumps to white; its presentation time is
 * its capture time) and when the 1 kHz beep began (Goertzel over 1 ms steps of the decoded sound,
 * placed by the audio stream's start time). The offset at each second is beep − flash: positive
 * when the sound comes later than the picture. The flash is on the first frame captured in the
 * second, so at F fps it reads up to 1/F s late: a constant bias, not drift.
 */
final class AvSync {
    private static final int RATE = 48_000;
    private static final double BEEP_HZ = 1000;

    /** One second of the recording: where the flash and the beep were found, in seconds of the file. */
    record Pair(double flashSeconds, double beepSeconds) {
        double offsetMillis() {
            return (beepSeconds - flashSeconds) * 1000;
        }
    }

    private AvSync() {
    }

    /** Flash and beep times matched one to one (each flash with the beep within half a second of it). */
    static List<Pair> analyse(Path recording) throws IOException, InterruptedException {
        List<Double> flashes = flashes(recording);
        List<Double> beeps = beeps(recording);
        List<Pair> pairs = new ArrayList<>();
        for (double f : flashes) {
            double best = Double.NaN;
            for (double b : beeps) {
                if (Math.abs(b - f) < 0.5 && (Double.isNaN(best) || Math.abs(b - f) < Math.abs(best - f))) {
                    best = b;
                }
            }
            if (!Double.isNaN(best)) {
                pairs.add(new Pair(f, best));
            }
        }
        return pairs;
    }

    /** Presentation times of frames whose mean luma rose above the white threshold (the first of each run). */
    static List<Double> flashes(Path recording) throws IOException, InterruptedException {
        String out = run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", recording.toString(), "-map",
                "0:v:0", "-vf", "scale=32:18,signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-",
                "-f", "null", "-"));
        List<Double> flashes = new ArrayList<>();
        double pts = Double.NaN;
        boolean white = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("frame:")) {
                int at = line.indexOf("pts_time:");
                pts = at < 0 ? Double.NaN : Double.parseDouble(line.substring(at + 9).trim().split("\\s+")[0]);
            } else if (line.startsWith("lavfi.signalstats.YAVG=")) {
                double yavg = Double.parseDouble(line.substring(line.indexOf('=') + 1).trim());
                boolean nowWhite = yavg > 200;
                if (nowWhite && !white && !Double.isNaN(pts)) {
                    flashes.add(pts);
                }
                white = nowWhite;
            }
        }
        return flashes;
    }

    /** Onsets of the 1 kHz beep in the first audio stream, in seconds of the file. */
    static List<Double> beeps(Path recording) throws IOException, InterruptedException {
        String start = run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "stream=start_time", "-of", "csv=p=0", recording.toString())).trim();
        double startSeconds = start.isEmpty() || start.equals("N/A") ? 0 : Double.parseDouble(start.split("\n")[0]);
        byte[] pcm = runBytes(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", recording.toString(),
                "-map", "0:a:0", "-ac", "1", "-ar", Integer.toString(RATE), "-f", "s16le", "-"));
        ByteBuffer samples = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int n = pcm.length / 2;
        int window = RATE / 200; // 5 ms: enough periods of 1 kHz, short enough to place the onset
        int hop = RATE / 1000;
        List<Double> onsets = new ArrayList<>();
        boolean on = false;
        double threshold = 0.25; // of the tone's own power: the 440 Hz tone in between scores near 0
        for (int i = 0; i + window <= n; i += hop) {
            double ratio = toneShare(samples, i, window);
            if (!on && ratio > threshold) {
                onsets.add(startSeconds + (i + window / 2.0) / RATE);
                on = true;
            } else if (on && ratio < threshold / 2) {
                on = false;
            }
        }
        return onsets;
    }

    /** The share of a window's power at 1 kHz (Goertzel), 0..~1. */
    private static double toneShare(ByteBuffer s, int from, int length) {
        double k = 2 * Math.cos(2 * Math.PI * BEEP_HZ / RATE);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = 0; i < length; i++) {
            double x = s.getShort((from + i) * 2) / 32768.0;
            energy += x * x;
            double s0 = x + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - k * s1 * s2;
        return energy < 1e-9 ? 0 : power / (energy * length / 2.0);
    }

    /** Least-squares slope of offset against time, in ms per minute. */
    static double driftMillisPerMinute(List<Pair> pairs) {
        int n = pairs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = pairs.stream().mapToDouble(Pair::flashSeconds).average().orElse(0);
        double my = pairs.stream().mapToDouble(Pair::offsetMillis).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Pair p : pairs) {
            num += (p.flashSeconds() - mx) * (p.offsetMillis() - my);
            den += (p.flashSeconds() - mx) * (p.flashSeconds() - mx);
        }
        return den == 0 ? Double.NaN : num / den * 60;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return new String(runBytes(command), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] runBytes(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.format(Locale.ROOT, "%s failed on the recording", command.get(0)));
        }
        return out.toByteArray();
    }
}
