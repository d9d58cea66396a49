package org.glasscast.viewer.audio;

/**
 * The capture time of the sound heard at this instant, continuous between the output's coarse
 * position reports. OpenAL moves a source's play position only when its mixer runs (every
 * 20 ms with OpenAL Soft's null and wave backends), so a reading lags the truth by up to a
 * mixer period. Each reading, plus the time since it was taken, is a lower bound of where the
 * sound is now; the clock is the highest such bound over the last second or two (older ones
 * are forgotten, so a device slightly slower than this machine's clock cannot pull it ahead),
 * never past the end of the audio queued.
 *
 * <p>{@link #observe} and {@link #stop} are called by the output thread only; {@link #read} by
 * any thread.
 */
final class PlaybackClock {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    /** A reading this far behind the clock is a new time line (a restarted sender), not jitter. */
    private static final long RESET_MICROS = 500_000;

    /** Clock value = {@code leadMicros + nanoTime / 1000}, capped at {@code limitMicros}. */
    private record Estimate(long leadMicros, long limitMicros) {
    }

    private volatile Estimate estimate;
    private long currentLead = Long.MIN_VALUE;
    private long previousLead = Long.MIN_VALUE;
    private long windowStartNanos;

    /**
     * A position report of the output.
     *
     * @param heardMicros capture time of the sample being heard when it was read
     * @param limitMicros the clock does not run past this (the end of what is queued)
     * @param nowNanos    when it was read ({@link System#nanoTime()})
     */
    void observe(long heardMicros, long limitMicros, long nowNanos) {
        long lead = heardMicros - nowNanos / 1000;
        Estimate e = estimate;
        if (e != null && Math.max(currentLead, previousLead) - lead > RESET_MICROS) {
            stop();
        }
        if (estimate == null || nowNanos - windowStartNanos >= WINDOW_NANOS) {
            previousLead = estimate == null ? Long.MIN_VALUE : currentLead;
            currentLead = Long.MIN_VALUE;
            windowStartNanos = nowNanos;
        }
        currentLead = Math.max(currentLead, lead);
        estimate = new Estimate(Math.max(currentLead, previousLead), limitMicros);
    }

    /** Playback stopped (ran dry, or closed): no clock until the next report. */
    void stop() {
        estimate = null;
        currentLead = Long.MIN_VALUE;
        previousLead = Long.MIN_VALUE;
    }

    /** Capture time (µs since the epoch) heard at {@code nowNanos}, or 0 when not playing. Any thread. */
    long read(long nowNanos) {
        Estimate e = estimate;
        if (e == null) {
            return 0;
        }
        return Math.min(e.leadMicros + nowNanos / 1000, e.limitMicros);
    }
}
