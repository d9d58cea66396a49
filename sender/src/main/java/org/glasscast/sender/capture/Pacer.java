package org.glasscast.sender.capture;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces a loop at absolute deadlines ({@code start + n * period}), so sleep errors never
 * accumulate. When the loop falls behind by more than one period the missed ticks are skipped
 * (and counted), never bunched.
 */
public final class Pacer {
    private final LongSupplier nanoTime;
    private final long periodNanos;
    private long next;
    private long skipped;

    public Pacer(LongSupplier nanoTime, long periodNanos) {
        this.nanoTime = nanoTime;
        this.periodNanos = periodNanos;
        this.next = nanoTime.getAsLong();
    }

    /** Waits until the next deadline; returns the deadline (the tick's nominal instant). */
    public long awaitNext() throws InterruptedException {
        long now = nanoTime.getAsLong();
        if (now - next > periodNanos) {
            long behind = (now - next) / periodNanos;
            skipped += behind;
            next += behind * periodNanos;
        }
        long deadline = next;
        long wait;
        while ((wait = deadline - nanoTime.getAsLong()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        next += periodNanos;
        return deadline;
    }

    /** Ticks skipped because the loop fell behind. */
    public long skipped() {
        return skipped;
    }
}
