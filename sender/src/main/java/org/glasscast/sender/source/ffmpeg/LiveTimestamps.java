package org.glasscast.sender.source.ffmpeg;

import java.util.concurrent.TimeUnit;

/**
 * Capture instants of a live input's pictures: the spacing of the stream's own timestamps,
 * mapped onto the monotonic clock by the smallest delay seen so far. A picture is stamped
 * {@code pts + offset}; the offset is reset to "arrived now" when that would lie in the future
 * (this picture came faster than any before) or more than {@link #MAX_LAG_NANOS} in the past (a
 * stall, a drifting camera clock, a timestamp jump). Pictures without a timestamp are stamped on
 * arrival. Instants never go backwards. One thread.
 */
final class LiveTimestamps {
    /** A picture stamped further than this behind its arrival re-anchors the mapping. */
    static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** {@link #instant}'s argument for a picture without a timestamp. */
    static final long NO_PTS = Long.MIN_VALUE;

    private long offsetNanos = Long.MIN_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    /** The capture instant of a picture of stream time {@code ptsMicros} that arrived at {@code nowNanos}. */
    long instant(long ptsMicros, long nowNanos) {
        long instant;
        if (ptsMicros == NO_PTS) {
            instant = nowNanos;
        } else {
            long ptsNanos = ptsMicros * 1_000L;
            long mapped = offsetNanos == Long.MIN_VALUE ? Long.MAX_VALUE : ptsNanos + offsetNanos;
            if (mapped > nowNanos || nowNanos - mapped > MAX_LAG_NANOS) {
                offsetNanos = nowNanos - ptsNanos;
                mapped = nowNanos;
            }
            instant = mapped;
        }
        if (lastNanos != Long.MIN_VALUE && instant <= lastNanos) {
            instant = lastNanos + 1;
        }
        lastNanos = instant;
        return instant;
    }
}
