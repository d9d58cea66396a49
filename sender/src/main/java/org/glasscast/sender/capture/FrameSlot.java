package org.glasscast.sender.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * "Latest frames win" hand-off from the capture thread to the encoder thread, over a fixed pool
 * of reusable frames: nothing is allocated per frame and nothing queues without bound.
 *
 * <p>At most {@code depth} published frames wait for the encoder. When another arrives, the
 * oldest waiting one goes back to the pool and is counted as dropped. Depth 1 is a one-slot
 * hand-off; depth 2 lets the encoder fall one frame behind during a hiccup (a keyframe, a
 * descheduled thread) without losing a frame, at the cost of at most one frame of latency while
 * it catches up. The pool holds {@code depth + 2} frames: one being filled, {@code depth}
 * waiting, one being encoded. The queue hand-off orders the capture thread's writes to a frame
 * before the encoder's reads.
 */
public final class FrameSlot<F> {
    private final ArrayBlockingQueue<F> free;
    private final ArrayBlockingQueue<F> waiting;
    private final LongAdder dropped = new LongAdder();

    public FrameSlot(int depth, Supplier<F> factory) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        int pool = depth + 2;
        free = new ArrayBlockingQueue<>(pool);
        waiting = new ArrayBlockingQueue<>(depth);
        for (int i = 0; i < pool; i++) {
            free.add(factory.get());
        }
    }

    /** A frame to fill, or null when every frame is in use (the caller skips this capture). */
    public F acquire() {
        return free.poll();
    }

    /** A frame to fill, waiting up to the timeout for the encoder to give one back; null on time-out. */
    public F acquire(long timeout, TimeUnit unit) throws InterruptedException {
        return free.poll(timeout, unit);
    }

    /** Publishes a filled frame; when {@code depth} frames already wait, the oldest is dropped. */
    public void publish(F frame) {
        while (!waiting.offer(frame)) {
            F oldest = waiting.poll();
            if (oldest != null) {
                dropped.increment();
                free.offer(oldest);
            }
        }
    }

    /** Returns an unpublished frame to the pool (capture failed). */
    public void discard(F frame) {
        free.offer(frame);
    }

    /** The oldest waiting frame, waiting up to the timeout; null on time-out. Give it back with {@link #release}. */
    public F take(long timeout, TimeUnit unit) throws InterruptedException {
        return waiting.poll(timeout, unit);
    }

    public void release(F frame) {
        free.offer(frame);
    }

    /** Frames dropped before the encoder took them. */
    public long dropped() {
        return dropped.sum();
    }
}
