package org.glasscast.viewer.stats;

/**
 * Latencies in 0.1 ms steps up to 10 s (larger ones in the last bucket, smaller than 0 in the first;
 * the true minimum and maximum kept apart): fixed memory however long the run. A percentile is its
 * bucket's middle, kept within the true minimum and maximum, so p50 ≤ p95 ≤ p99 ≤ max for any data.
 * Thread-safe by synchronisation (one writer, a reader once a second).
 */
public final class LatencyHistogram {
    private static final int BUCKETS = 100_001;
    private final int[] counts = new int[BUCKETS];
    private long total;
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros = Long.MIN_VALUE;

    public synchronized void record(long micros) {
        int b = (int) Math.max(0, Math.min(BUCKETS - 1, micros / 100));
        counts[b]++;
        total++;
        minMicros = Math.min(minMicros, micros);
        maxMicros = Math.max(maxMicros, micros);
    }

    public synchronized long count() {
        return total;
    }

    /** The p-th percentile in milliseconds (0 < p ≤ 100), or NaN when empty. */
    public synchronized double percentileMillis(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int b = 0; b < BUCKETS - 1; b++) {
            seen += counts[b];
            if (seen >= rank) {
                // the bucket's middle may lie beyond the values it holds (one value, or all near an edge)
                return Math.max(minMicros, Math.min(maxMicros, b * 100L + 50)) / 1000.0;
            }
        }
        return maxMicros / 1000.0;
    }

    public synchronized double minMillis() {
        return total == 0 ? Double.NaN : minMicros / 1000.0;
    }

    public synchronized double maxMillis() {
        return total == 0 ? Double.NaN : maxMicros / 1000.0;
    }
}
