package org.glasscast.viewer.present;

import java.util.concurrent.TimeUnit;

/**
 * When a decoded picture goes on screen: the one rule for the window and headless.
 *
 * <p>A picture is due at once unless its sound is still more than {@value #MAX_SOUND_LAG_MICROS} µs
 * behind it (ATSC IS-191: sound may lag the picture by up to 45 ms, and lead it by up to 15 ms,
 * unnoticed; the margin below covers the output's unreported latency); then it waits just until
 * the sound is that close. The picture is never held for the
 * sound when there is no audio clock, no capture time, a clock on another time line (more than
 * {@value #MAX_AHEAD_MICROS} µs apart), or once it has waited {@value #MAX_WAIT_MILLIS} ms (a stalled
 * output must not stall the picture).
 *
 * <p>Every due picture is shown, in order, at most one per display refresh. Only what the display
 * cannot show is passed over: a picture whose successor is already due and was captured less than
 * {@value #SAME_REFRESH_SHARE_PERCENT} % of a refresh after it (a stream faster than the display:
 * both would fall in one refresh), or whose successor has been due for {@value #CATCH_UP_MILLIS} ms
 * (the display fell that far behind, after a stall: it skips to get back to live; a shorter stall
 * is caught up on by showing the backlog one a refresh). Without a display ({@code refreshNanos} 0,
 * headless) nothing is passed over.
 */
public final class PresentationRule {
    /**
     * A picture is not held back while its sound is at most this much behind it: IS-191's 45 ms
     * less 10 ms for what the output's own latency report misses (measured from outside, the sound
     * is heard up to ~10 ms later than the playback clock says).
     */
    public static final long MAX_SOUND_LAG_MICROS = 35_000;
    /** A picture this far ahead of the sound is on another time line: shown at once. */
    static final long MAX_AHEAD_MICROS = 1_000_000;
    /** The longest a picture waits for the sound. */
    static final long MAX_WAIT_MILLIS = 1000;
    /** Successive pictures captured closer than this share of a refresh compete for the same refresh. */
    static final int SAME_REFRESH_SHARE_PERCENT = 75;
    /** A successor due this long means the display is far behind: the older picture is passed over. */
    static final long CATCH_UP_MILLIS = 100;

    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);

    /** The pictures held, oldest first, as the rule sees them. */
    public interface Held {
        int size();

        /** Capture time of picture {@code i} (µs since the epoch, ≤ 0 unknown). */
        long captureMicros(int i);

        /** When picture {@code i} was decoded ({@link System#nanoTime()} scale). */
        long arrivalNanos(int i);
    }

    private final SyncMode mode;
    private final long refreshNanos;

    /**
     * @param mode         what the picture follows
     * @param refreshNanos the display's refresh interval; 0 without a display (nothing passed over)
     */
    public PresentationRule(SyncMode mode, long refreshNanos) {
        this.mode = mode;
        this.refreshNanos = refreshNanos;
    }

    public SyncMode mode() {
        return mode;
    }

    /**
     * How long a picture has been due (≥ 0), or how long until it will be (&lt; 0, as the sound stands now).
     *
     * @param clockMicros the capture time of the sound heard now; 0 = no audio clock
     */
    public long dueForNanos(long captureMicros, long arrivalNanos, long clockMicros, long nowNanos) {
        long waited = nowNanos - arrivalNanos;
        if (mode != SyncMode.AUDIO || clockMicros <= 0 || captureMicros <= 0) {
            return waited;
        }
        long lagMicros = captureMicros - clockMicros; // how far the sound would be behind this picture now
        if (lagMicros > MAX_AHEAD_MICROS) {
            return waited;
        }
        long overMicros = lagMicros - MAX_SOUND_LAG_MICROS;
        if (overMicros <= 0) {
            return Math.min(waited, -overMicros * 1000); // due since it arrived, or since the sound came close
        }
        if (waited >= MAX_WAIT_NANOS) {
            return waited - MAX_WAIT_NANOS;
        }
        return -Math.min(overMicros * 1000, MAX_WAIT_NANOS - waited);
    }

    /** Whether picture {@code i} is to be passed over for its successor (see the class comment). */
    private boolean displayCannotShow(Held held, int i, long clockMicros, long nowNanos) {
        long successorDue = dueForNanos(held.captureMicros(i + 1), held.arrivalNanos(i + 1), clockMicros, nowNanos);
        if (successorDue < 0) {
            return false;
        }
        if (successorDue >= CATCH_UP_MILLIS * 1_000_000) {
            return true;
        }
        long c0 = held.captureMicros(i);
        long c1 = held.captureMicros(i + 1);
        long apartNanos = c0 > 0 && c1 > 0 ? (c1 - c0) * 1000 : held.arrivalNanos(i + 1) - held.arrivalNanos(i);
        return apartNanos * 100 < refreshNanos * SAME_REFRESH_SHARE_PERCENT;
    }

    /**
     * The picture to show now: its index in {@code held}, the pictures before it being passed over;
     * -1 when none is due.
     */
    public int choose(Held held, long clockMicros, long nowNanos) {
        int n = held.size();
        if (n == 0) {
            return -1;
        }
        int i = 0;
        if (refreshNanos > 0) {
            while (i + 1 < n && displayCannotShow(held, i, clockMicros, nowNanos)) {
                i++;
            }
        }
        return dueForNanos(held.captureMicros(i), held.arrivalNanos(i), clockMicros, nowNanos) >= 0 ? i : -1;
    }
}
