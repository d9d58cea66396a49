package org.glasscast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-frame times of a measured window: burned-in index, capture time and the time the frame was
 * decoded (or shown), all µs since the epoch on the machine's clock. Read from the viewer's frame
 * log ({@code index,capture_us,decoded_us}) or collected by a scenario itself.
 */
final class FrameTimes {
    final long[] index;
    final long[] captureMicros;
    final long[] shownMicros;

    FrameTimes(long[] index, long[] captureMicros, long[] shownMicros) {
        this.index = index;
        this.captureMicros = captureMicros;
        this.shownMicros = shownMicros;
    }

    /** The rows of a frame log shown within [fromMicros, toMicros). */
    static FrameTimes read(Path csv, long fromMicros, long toMicros) throws IOException {
        List<String> lines = Files.exists(csv) ? Files.readAllLines(csv) : List.of();
        if (lines.isEmpty()) {
            // the viewer writes its header first and flushes at its end: it did not end cleanly
            throw new IOException("the viewer's frame log " + csv + " is empty (it did not close it)");
        }
        long[] idx = new long[lines.size()];
        long[] cap = new long[lines.size()];
        long[] shown = new long[lines.size()];
        int n = 0;
        for (String line : lines) {
            String[] f = line.split(",");
            if (f.length != 3 || !Character.isDigit(f[2].isEmpty() ? 'x' : f[2].charAt(0))) {
                continue; // header, or a line cut short by a kill
            }
            long t = Long.parseLong(f[2]);
            if (t >= fromMicros && t < toMicros) {
                idx[n] = Long.parseLong(f[0]);
                cap[n] = Long.parseLong(f[1]);
                shown[n] = t;
                n++;
            }
        }
        return new FrameTimes(java.util.Arrays.copyOf(idx, n), java.util.Arrays.copyOf(cap, n),
                java.util.Arrays.copyOf(shown, n));
    }

    int count() {
        return index.length;
    }

    /** Frame indices missing between consecutive readable frames. */
    long gaps() {
        long gaps = 0;
        long last = -1;
        for (long i : index) {
            if (i < 0) {
                continue;
            }
            if (last >= 0 && i > last + 1) {
                gaps += i - last - 1;
            }
            last = Math.max(last, i);
        }
        return gaps;
    }

    /** Frames whose index was not above the one before (shown again). */
    long repeats() {
        long repeats = 0;
        long last = -1;
        for (long i : index) {
            if (i >= 0 && last >= 0 && i <= last) {
                repeats++;
            }
            last = Math.max(last, i);
        }
        return repeats;
    }

    /** Different burned-in indices among the frames (each frame shown counts once, however often it was drawn). */
    long distinctIndices() {
        return java.util.Arrays.stream(index).filter(i -> i >= 0).distinct().count();
    }

    /** Frames the sender made from the first index read to the last (last − first + 1), 0 when none was read. */
    long indexSpan() {
        long lo = java.util.Arrays.stream(index).filter(i -> i >= 0).min().orElse(-1);
        long hi = java.util.Arrays.stream(index).filter(i -> i >= 0).max().orElse(-1);
        return lo < 0 ? 0 : hi - lo + 1;
    }

    /** Frames whose code could not be read. */
    long unreadable() {
        long n = 0;
        for (long i : index) {
            if (i < 0) {
                n++;
            }
        }
        return n;
    }

    /** Capture → shown, in ms, of frames with a capture time. */
    double[] latenciesMillis() {
        return java.util.stream.IntStream.range(0, count()).filter(k -> captureMicros[k] > 0)
                .mapToDouble(k -> (shownMicros[k] - captureMicros[k]) / 1000.0).toArray();
    }

    /** Time between consecutive frames as shown, in ms (one fewer than the frames). */
    double[] intervalsMillis() {
        double[] d = new double[Math.max(0, count() - 1)];
        for (int k = 1; k < count(); k++) {
            d[k - 1] = (shownMicros[k] - shownMicros[k - 1]) / 1000.0;
        }
        return d;
    }

    /** The figures every pipeline is judged by, over a window of {@code seconds}: rate, gaps, latency. */
    java.util.Map<String, Double> figures(double seconds) {
        double[] lat = latenciesMillis();
        java.util.Map<String, Double> f = new java.util.LinkedHashMap<>();
        f.put("fps_decoded", count() / seconds);
        f.put("frames_decoded", (double) count());
        f.put("frame_gaps", (double) gaps());
        f.put("frame_repeats", (double) repeats());
        f.put("frames_unreadable", (double) unreadable());
        f.put("latency_p50_ms", Figures.percentile(lat, 50));
        f.put("latency_p95_ms", Figures.percentile(lat, 95));
        f.put("latency_p99_ms", Figures.percentile(lat, 99));
        f.put("latency_max_ms", Figures.percentile(lat, 100));
        return f;
    }

    /** Seconds from {@code originMicros} at which each interval ended. */
    double[] intervalEndSeconds(long originMicros) {
        double[] t = new double[Math.max(0, count() - 1)];
        for (int k = 1; k < count(); k++) {
            t[k - 1] = (shownMicros[k] - originMicros) / 1e6;
        }
        return t;
    }
}
