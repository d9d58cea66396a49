package org.glasscast.viewer.present;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * Headless: each frame is "shown" (counted in {@code frames.displayed}, its A/V offset measured
 * while sound plays) when the {@link PresentationRule} would put it on screen, as the window does, so
 * the figures are the ones a user with a screen would get. With no display nothing is passed over;
 * with no sound ({@link PresentationClock#NONE}) every frame is due once decoded. Only the frames' times wait, in a bounded queue ({@value #CAPACITY},
 * the oldest dropped and counted when full); {@link #run()} shows them on a thread of its own, so
 * the video thread never waits for the sound.
 */
public final class HeadlessPresenter implements VideoDecodeStage.FrameSink, Runnable {
    static final int CAPACITY = 256;
    private static final long MAX_SLEEP_NANOS = 2_000_000;

    private final PresentationClock clock;
    private final PresentationRule rule;
    private final AvOffsetMeter meter;
    private final ViewerStats stats;
    private final LongSupplier nanoTime;
    private final long[] captures = new long[CAPACITY]; // guarded by this
    private final long[] arrivals = new long[CAPACITY]; // guarded by this
    private int head; // guarded by this
    private int count; // guarded by this
    private final PresentationRule.Held view = new PresentationRule.Held() {
        @Override
        public int size() {
            return count;
        }

        @Override
        public long captureMicros(int i) {
            return captures[(head + i) % CAPACITY];
        }

        @Override
        public long arrivalNanos(int i) {
            return arrivals[(head + i) % CAPACITY];
        }
    };

    public HeadlessPresenter(PresentationClock clock, SyncMode sync, ViewerStats stats, LongSupplier nanoTime) {
        this.clock = clock;
        this.rule = new PresentationRule(sync, 0);
        this.meter = new AvOffsetMeter(clock, stats);
        this.stats = stats;
        this.nanoTime = nanoTime;
    }

    /** The video thread: the frame joins the queue. */
    @Override
    public void onFrame(Picture frame, long captureMicros) {
        synchronized (this) {
            if (count == CAPACITY) {
                head = (head + 1) % CAPACITY;
                count--;
                stats.framesDropped.increment();
            }
            int tail = (head + count) % CAPACITY;
            captures[tail] = captureMicros;
            arrivals[tail] = nanoTime.getAsLong();
            count++;
            notifyAll();
        }
    }

    /** Shows frames as they come due, until interrupted. */
    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long sleep = showDue();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                } else {
                    synchronized (this) {
                        while (count == 0) {
                            wait();
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shows every frame due now; how long to sleep before looking again, or 0 when none is left. */
    long showDue() {
        long heard = clock.playingCaptureMicros();
        long now = nanoTime.getAsLong();
        while (true) {
            long captureMicros;
            long arrivalNanos;
            synchronized (this) {
                if (count == 0) {
                    return 0;
                }
                if (rule.choose(view, heard, now) < 0) {
                    return Math.max(1, Math.min(MAX_SLEEP_NANOS,
                            -rule.dueForNanos(view.captureMicros(0), view.arrivalNanos(0), heard, now)));
                }
                captureMicros = captures[head];
                arrivalNanos = arrivals[head];
                head = (head + 1) % CAPACITY;
                count--;
            }
            stats.framesDisplayed.increment();
            stats.pictureWaitSumMicros.add((now - arrivalNanos) / 1000);
            stats.pictureWaitCount.increment();
            meter.displayed(captureMicros);
        }
    }
}
