package org.glasscast.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small statistics over measured values: percentiles, and median/min/max over repeated runs. */
final class Figures {
    private Figures() {
    }

    /** The p-th percentile (0..100) by nearest rank of a sorted copy; NaN when empty. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    /** {median, min, max, runs} of one figure over repeated runs (NaN values left out). */
    static Map<String, Object> summary(List<Double> runs) {
        double[] v = runs.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", v.length == 0 ? Double.NaN : median(v));
        m.put("min", v.length == 0 ? Double.NaN : Arrays.stream(v).min().getAsDouble());
        m.put("max", v.length == 0 ? Double.NaN : Arrays.stream(v).max().getAsDouble());
        m.put("runs", runs);
        return m;
    }

    /** Rounds for reports: 3 significant decimals at most. */
    static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double scale = Math.abs(v) >= 100 ? 10 : Math.abs(v) >= 1 ? 100 : 1000;
        return Math.round(v * scale) / scale;
    }
}
