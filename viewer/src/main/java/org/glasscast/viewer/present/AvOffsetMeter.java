package org.glasscast.viewer.present;

import org.glasscast.viewer.stats.ViewerStats;

/**
 * The A/V offset as a viewer experiences it: at each frame put on screen, its capture time minus
 * the capture time of the sound heard at that moment (positive: the sound is behind the
 * picture). Summed per second in {@link ViewerStats}; nothing is counted while no audio plays.
 */
public final class AvOffsetMeter {
    private final PresentationClock clock;
    private final ViewerStats stats;

    public AvOffsetMeter(PresentationClock clock, ViewerStats stats) {
        this.clock = clock;
        this.stats = stats;
    }

    /** A frame captured at {@code frameCaptureMicros} (µs since the epoch, ≤ 0 unknown) is now shown. Any thread. */
    public void displayed(long frameCaptureMicros) {
        stats.pictureShown(frameCaptureMicros, System.nanoTime());
        long heard = clock.playingCaptureMicros();
        if (heard > 0 && frameCaptureMicros > 0) {
            stats.displayAvOffsetSumMicros.add(frameCaptureMicros - heard);
            stats.displayAvOffsetCount.increment();
        }
    }
}
