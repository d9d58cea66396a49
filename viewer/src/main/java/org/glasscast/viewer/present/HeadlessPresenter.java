package org.glasscast.viewer.present;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * Headless with sound: each frame is "shown" (counted, its A/V offset measured) when the audio
 * clock reaches its capture time, as the window shows it, so the figures are the ones a user
 * with a screen would get. Waits on the video decode thread; a frame more than
 * {@value #MAX_WAIT_MILLIS} ms ahead of the sound (another time line, a stalled output) is
 * shown at once rather than holding the picture back.
 */
public final class HeadlessPresenter implements VideoDecodeStage.FrameSink {
    private static final long MAX_WAIT_MILLIS = 1000;
    private static final long RECHECK_NANOS = 5_000_000;

    private final PresentationClock clock;
    private final AvOffsetMeter meter;
    private final ViewerStats stats;
    private final LongSupplier nanoTime;

    public HeadlessPresenter(PresentationClock clock, ViewerStats stats, LongSupplier nanoTime) {
        this.clock = clock;
        this.meter = new AvOffsetMeter(clock, stats);
        this.stats = stats;
        this.nanoTime = nanoTime;
    }

    @Override
    public void onFrame(Picture frame, long captureMicros) {
        if (captureMicros > 0) {
            waitUntilHeard(captureMicros);
        }
        stats.framesDisplayed.increment();
        meter.displayed(captureMicros);
    }

    private void waitUntilHeard(long captureMicros) {
        long deadline = nanoTime.getAsLong() + MAX_WAIT_MILLIS * 1_000_000L;
        while (!Thread.currentThread().isInterrupted()) {
            long heard = clock.playingCaptureMicros();
            long aheadNanos = (captureMicros - heard) * 1000;
            long now = nanoTime.getAsLong();
            if (heard <= 0 || aheadNanos <= 0 || aheadNanos > MAX_WAIT_MILLIS * 1_000_000L || now >= deadline) {
                return;
            }
            LockSupport.parkNanos(Math.min(aheadNanos, RECHECK_NANOS));
        }
    }
}
