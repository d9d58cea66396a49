package org.glasscast.viewer.window;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * The overlay's words: the same figures as the status line, worked out from the viewer's counters
 * over the last refresh interval, so the text changes a few times a second rather than per frame.
 * Render thread only.
 */
final class OverlayText {
    /** How often the figures are recomputed (and the text rebuilt). */
    static final long REFRESH_NANOS = 250_000_000L;
    /** Rates are averaged over about this long, so they do not flicker with single frames. */
    private static final long RATE_WINDOW_NANOS = 1_000_000_000L;

    private final ViewerStats stats;
    private final LongSupplier nanoTime;
    private final long[] times = new long[8];
    private final long[][] counts = new long[8][7];
    private int samples;
    private long lastRefresh;
    private String text;
    private long currentLatencyMicros = -1;

    OverlayText(ViewerStats stats, LongSupplier nanoTime) {
        this.stats = stats;
        this.nanoTime = nanoTime;
    }

    /** The latest frame's capture → display latency, for the "now" figure. */
    void displayed(long latencyMicros) {
        currentLatencyMicros = latencyMicros;
    }

    /** The text to show now; a new string only when it is time to refresh. */
    String text(String status) {
        long now = nanoTime.getAsLong();
        if (text != null && now - lastRefresh < REFRESH_NANOS) {
            return text;
        }
        lastRefresh = now;
        text = build(now, status);
        return text;
    }

    private String build(long now, String status) {
        long[] c = {stats.framesReceived.sum(), stats.framesDecoded.sum(), stats.framesDisplayed.sum(),
                stats.bytesReceived.sum(), stats.decodeNanos.sum(), stats.pictureWaitSumMicros.sum(),
                stats.pictureWaitCount.sum()};
        int slot = samples % times.length;
        times[slot] = now;
        System.arraycopy(c, 0, counts[slot], 0, c.length);
        samples++;
        int oldest = slot;
        for (int k = 1; k < Math.min(samples, times.length); k++) {
            int s = Math.floorMod(slot - k, times.length);
            oldest = s;
            if (now - times[s] >= RATE_WINDOW_NANOS) {
                break;
            }
        }
        double dt = (now - times[oldest]) / 1e9;
        long[] o = counts[oldest];
        StringBuilder b = new StringBuilder(256);
        if (status != null) {
            b.append(status).append('\n');
        }
        if (stats.width > 0) {
            b.append(String.format(Locale.ROOT, "%dx%d %s\n", stats.width, stats.height, stats.videoCodec));
        } else {
            b.append(stats.videoCodec.isEmpty() ? "no video yet" : stats.videoCodec).append('\n');
        }
        b.append(String.format(Locale.ROOT, "fps recv %s  dec %s  disp %s\n",
                rate(c[0] - o[0], dt), rate(c[1] - o[1], dt), rate(c[2] - o[2], dt)));
        b.append(String.format(Locale.ROOT, "bitrate %s kbps\n",
                dt > 0 ? String.format(Locale.ROOT, "%.0f", (c[3] - o[3]) * 8 / dt / 1000) : "-"));
        if (currentLatencyMicros < 0 && stats.displayLatency.count() == 0) {
            b.append("latency n/a\n"); // no measured capture time: CaptureTimeSource
        } else {
            b.append(String.format(Locale.ROOT, "latency %s ms  p50 %s  p99 %s\n",
                    currentLatencyMicros < 0 ? "-" : String.format(Locale.ROOT, "%.0f", currentLatencyMicros / 1000.0),
                    ms(stats.displayLatency.percentileMillis(50)), ms(stats.displayLatency.percentileMillis(99))));
        }
        long decoded = c[1] - o[1];
        b.append(String.format(Locale.ROOT, "decode %s ms  queue %d\n",
                decoded > 0 ? String.format(Locale.ROOT, "%.1f", (c[4] - o[4]) / 1e6 / decoded) : "-",
                stats.videoQueued));
        b.append(String.format(Locale.ROOT, "lost %d  late %d  dropped %d\n",
                stats.packetsLost.sum(), stats.packetsLate.sum(), stats.framesDropped.sum()));
        long reconnects = stats.reconnects.sum();
        long waitedTotal = stats.waitingMillisTotal.sum();
        if (reconnects > 0 || waitedTotal > 0) {
            b.append("reconnects ").append(reconnects).append("  waiting last ")
                    .append(waited(stats.waitingMillisLast)).append("  total ").append(waited(waitedTotal)).append('\n');
        }
        double av = stats.avOffsetMillis;
        b.append("A/V ").append(Double.isNaN(av) ? "n/a" : String.format(Locale.ROOT, "%+.0f ms", av));
        if (stats.audioOutputOpen) {
            long waits = c[6] - o[6];
            b.append(String.format(Locale.ROOT, "\nsound %s after capture (output %.0f ms)  picture waits %s ms",
                    stats.heardLatency.count() == 0 ? "n/a" : ms(stats.heardLatency.percentileMillis(50)) + " ms",
                    stats.audioOutputLatencyMicros / 1000.0,
                    waits > 0 ? String.format(Locale.ROOT, "%.0f", (c[5] - o[5]) / 1000.0 / waits) : "-"));
        }
        return b.toString();
    }

    private static String rate(long frames, double dt) {
        return dt <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", frames / dt);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** "3.2 s" under a minute, then "2 min 05 s" and "3 h 04 min" as on the waiting card. */
    static String waited(long millis) {
        return millis < 60_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0)
                : WaitingCard.duration(millis / 1000);
    }

    /** The REC mark: "REC 01:23 4.5 MB", and "REC 01:23 4.5 MB  waiting" while the viewer waits for its stream. */
    static String rec(long elapsedMillis, long bytes, boolean waiting) {
        return waiting ? rec(elapsedMillis, bytes) + "  waiting" : rec(elapsedMillis, bytes);
    }

    /** "REC 01:23 4.5 MB". */
    static String rec(long elapsedMillis, long bytes) {
        long seconds = elapsedMillis / 1000;
        double mb = bytes / 1e6;
        String size = mb >= 1000 ? String.format(Locale.ROOT, "%.2f GB", mb / 1000)
                : mb >= 10 ? String.format(Locale.ROOT, "%.0f MB", mb) : String.format(Locale.ROOT, "%.1f MB", mb);
        return String.format(Locale.ROOT, "REC %02d:%02d %s", seconds / 60, seconds % 60, size);
    }
}
