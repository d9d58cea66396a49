package org.glasscast.sender.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One-slot "latest frame wins" hand-off from the capture thread to the encoder thread, over a
 * fixed pool of reusable frames: nothing is allocated per frame and nothing queues.
 *
 * <p>Three frames are enough: one being filled, one waiting in the slot, one being encoded.
 * When the encoder is slow, the waiting frame is replaced by a newer one and counted as
 * dropped. The hand-off through the atomic slot orders the capture thread's writes to a frame
 * before the encoder's reads.
 */
public final class FrameSlot<F> {
    private final ArrayBlockingQueue<F> free;
    private final AtomicReference<F> slot = new AtomicReference<>();
    private final Object signal = new Object();
    private final LongAdder dropped = new LongAdder();

    public FrameSlot(int poolSize, Supplier<F> factory) {
        free = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            free.add(factory.get());
        }
    }

    /** A frame to fill, or null when every frame is in use (the caller skips this capture). */
    public F acquire() {
        return free.poll();
    }

    /** Publishes a filled frame; a frame still waiting is dropped back to the pool. */
    public void publish(F frame) {
        F replaced = slot.getAndSet(frame);
        if (replaced != null) {
            dropped.increment();
            free.offer(replaced);
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Returns an unpublished frame to the pool (capture failed). */
    public void discard(F frame) {
        free.offer(frame);
    }

    /** The newest frame, waiting up to the timeout; null on time-out. Give it back with {@link #release}. */
    public F take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        F f;
        while ((f = slot.getAndSet(null)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            synchronized (signal) {
                if (slot.get() == null) {
                    TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, 5_000_000L));
                }
            }
        }
        return f;
    }

    public void release(F frame) {
        free.offer(frame);
    }

    /** Frames replaced in the slot before the encoder took them. */
    public long dropped() {
        return dropped.sum();
    }
}
