package org.glasscast.sender.source.ffmpeg;

import java.util.function.LongSupplier;

/**
 * When each instant of a file plays on the monotonic clock. The first caller (video or audio
 * side) anchors stream time to the present, so both tracks share one time line and keep the
 * file's own A/V offsets. Thread-safe.
 */
final class FileTimeline {
    private long anchorPtsMicros = Long.MIN_VALUE;
    private long anchorNanos;

    /** The monotonic instant at which stream time {@code ptsMicros} plays. */
    synchronized long playNanos(long ptsMicros, LongSupplier nanoTime) {
        if (anchorPtsMicros == Long.MIN_VALUE) {
            anchorPtsMicros = ptsMicros;
            anchorNanos = nanoTime.getAsLong();
        }
        return anchorNanos + (ptsMicros - anchorPtsMicros) * 1_000L;
    }
}
