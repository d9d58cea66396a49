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
 * shown at once rather than holding the picture back. A frame so late that the next one is
 * already due (the sound is a frame interval past it) is dropped, as the window passes over it
 * for the newer one.
 */
public final class HeadlessPresenter implements VideoDecodeStage.FrameSink {
    private static final long MAX_WAIT_MILLIS = 1000;
    private static final long RECHECK_NANOS = 5_000_000;
    /** Capture times further apart than this are a gap in the stream, not the frame rate. */
    private static final long MAX_FRAME_INTERVAL_MICROS = 200_000;

    private final PresentationClock clock;
    private final AvOffsetMeter meter;
    private final ViewerStats stats;
    private final LongSupplier nanoTime;
    private long previousCaptureMicros; // video thread only

    public HeadlessPresenter(PresentationClock clock, ViewerStats stats, LongSupplier nanoTime) {
        this.clock = clock;
        this.meter = new AvOffsetMeter(clock, stats);
        this.stats = stats;
        this.nanoTime = nanoTime;
    }

    @Override
    public void onFrame(Picture frame, long captureMicros) {
        if (captureMicros > 0) {
            long interval = captureMicros - previousCaptureMicros;
            previousCaptureMicros = captureMicros;
            long heard = clock.playingCaptureMicros();
            boolean successorDue = interval > 0 && interval <= MAX_FRAME_INTERVAL_MICROS
                    && heard - captureMicros > interval;
            if (heard > 0 && successorDue) {
                stats.framesDropped.increment();
                return;
            }
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
