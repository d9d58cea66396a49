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
    private final LongSupplier nanoTime;
    private final long anchorNanos;
    private final long anchorUnixMicros;

    public MediaClock(LongSupplier nanoTime, long anchorUnixMicros) {
        this.nanoTime = nanoTime;
        this.anchorNanos = nanoTime.getAsLong();
        this.anchorUnixMicros = anchorUnixMicros;
    }

    /** The system clock: {@link System#nanoTime()} anchored to the current time of day. */
    public static MediaClock system() {
        java.time.Instant now = java.time.Instant.now();
        return new MediaClock(System::nanoTime, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
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
