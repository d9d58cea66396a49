package org.glasscast.protocol.clock;

import java.util.function.LongSupplier;

/**
 * The one clock of a process: monotonic nanoseconds, mapped once to wall-clock microseconds.
 *
 * <p>Capture instants are read from the monotonic source (never jumps); the wall-clock value
 * sent on the wire (abs-capture-time, RTCP NTP) is derived from it through a single anchor, so
 * every stream of a process shares one time line and NTP adjustments cannot make it step.
 */
public final class MediaClock {
    private static final int ANCHOR_TRIES = 16;

    private final LongSupplier nanoTime;
    private final long anchorNanos;
    private final long anchorUnixMicros;

    public MediaClock(LongSupplier nanoTime, long anchorUnixMicros) {
        this(nanoTime, nanoTime.getAsLong(), anchorUnixMicros);
    }

    private MediaClock(LongSupplier nanoTime, long anchorNanos, long anchorUnixMicros) {
        this.nanoTime = nanoTime;
        this.anchorNanos = anchorNanos;
        this.anchorUnixMicros = anchorUnixMicros;
    }

    /**
     * The system clock: {@link System#nanoTime()} anchored to the current time of day. The two
     * clocks cannot be read at one instant, and a thread preempted between the readings (a busy
     * machine, a VM losing its CPU) would shift every wall time of the process by the pause; so
     * the time of day is read between two monotonic readings, a few times, and the reading with
     * the narrowest bracket is kept, anchored at the bracket's middle.
     */
    public static MediaClock system() {
        long bestWidth = Long.MAX_VALUE;
        long bestNanos = 0;
        long bestMicros = 0;
        for (int i = 0; i < ANCHOR_TRIES; i++) {
            long before = System.nanoTime();
            java.time.Instant now = java.time.Instant.now();
            long after = System.nanoTime();
            if (after - before < bestWidth) {
                bestWidth = after - before;
                bestNanos = before + (after - before) / 2;
                bestMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            }
        }
        return new MediaClock(System::nanoTime, bestNanos, bestMicros);
    }

    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** Wall-clock microseconds since the Unix epoch of a {@link #nanoTime()} reading. */
    public long unixMicrosAt(long nanos) {
        return anchorUnixMicros + Math.floorDiv(nanos - anchorNanos, 1_000L);
    }

    public long nowUnixMicros() {
        return unixMicrosAt(nanoTime());
    }

    /** Converts a wall-clock time to an RTP timestamp of the given clock rate (wraps at 2^32). */
    public static long rtpTimestamp(long unixMicros, int clockRate, long offset) {
        // split so that micros * rate cannot overflow
        long ticks = Math.floorDiv(unixMicros, 1_000_000L) * clockRate
                + Math.floorMod(unixMicros, 1_000_000L) * clockRate / 1_000_000L;
        return (ticks + offset) & 0xFFFF_FFFFL;
    }
}
