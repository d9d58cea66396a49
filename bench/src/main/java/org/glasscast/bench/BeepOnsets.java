package org.glasscast.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where the test tone's 1 kHz beeps begin in 48 kHz mono sound, to a quarter of a
 * millisecond. A 5 ms window slides in 1 ms steps; a beep is found where the 1 kHz share of the
 * window's power (Goertzel) passes a quarter (the 440 Hz tone in between scores near 0). The
 * onset is then placed by the beep's own amplitude: a coherent sine's 1 kHz magnitude grows in
 * proportion to how much of the window it fills, so the window start, searched sample by
 * sample, where the magnitude reaches half of the magnitude of a window well inside the beep
 * holds the onset at its middle. Neither the beep's level nor the tone under it matters.
 */
final class BeepOnsets {
    static final int RATE = 48_000;
    private static final double BEEP_HZ = 1000;
    private static final int WINDOW = RATE / 200; // 5 ms: five periods of 1 kHz
    private static final int HOP = RATE / 1000;
    private static final double THRESHOLD = 0.25;
    /** Beeps last 50 ms and come once a second: one onset per 0.5 s at most. */
    private static final int MIN_GAP = RATE / 2;

    private BeepOnsets() {
    }

    /** Sample positions (fractional) of the beep onsets in {@code mono}. */
    static List<Double> find(float[] mono) {
        List<Double> onsets = new ArrayList<>();
        boolean on = false;
        int last = -MIN_GAP;
        for (int i = 0; i + WINDOW <= mono.length; i += HOP) {
            double share = share(mono, i);
            if (!on && share > THRESHOLD && i - last >= MIN_GAP) {
                on = true;
                last = i;
                double onset = refine(mono, i);
                if (!Double.isNaN(onset)) {
                    onsets.add(onset);
                }
            } else if (on && share < THRESHOLD / 2) {
                on = false;
            }
        }
        return onsets;
    }

    /**
     * The onset near a window start {@code found} whose 1 kHz share first passed the threshold:
     * the beep then fills at least a quarter of that window and started at most one window before.
     */
    private static double refine(float[] x, int found) {
        int full = found + 2 * WINDOW; // wholly inside a 50 ms beep that began in [found - WINDOW, found + WINDOW]
        if (full + WINDOW > x.length || found - WINDOW < 0) {
            return Double.NaN;
        }
        double half = magnitude(x, full) / 2;
        double before = magnitude(x, found - WINDOW);
        for (int s = found - WINDOW + 1; s <= found + WINDOW; s++) {
            double m = magnitude(x, s);
            if (m >= half) {
                // interpolate between the window starts s-1 and s; the onset is mid-window
                double frac = m == before ? 0 : (half - before) / (m - before);
                return s - 1 + frac + WINDOW / 2.0;
            }
            before = m;
        }
        return Double.NaN;
    }

    /** Magnitude of the 1 kHz component of the window starting at {@code from} (Goertzel). */
    static double magnitude(float[] x, int from) {
        double k = 2 * Math.cos(2 * Math.PI * BEEP_HZ / RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < WINDOW; i++) {
            double s0 = x[from + i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - k * s1 * s2));
    }

    /** The share of the window's power at 1 kHz, 0..~1. */
    private static double share(float[] x, int from) {
        double energy = 0;
        for (int i = 0; i < WINDOW; i++) {
            energy += x[from + i] * (double) x[from + i];
        }
        double m = magnitude(x, from);
        return energy < 1e-9 ? 0 : m * m / (energy * WINDOW / 2.0);
    }
}
