package org.glasscast.viewer.window;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * The hand-off from the video thread to the render thread: the newest frame wins, nothing queues.
 *
 * <p>Four reusable {@link YuvFrame}s: one being written (video thread), one on screen (render
 * thread), and at most two held between them: the one waiting for the {@link PresentationClock}
 * and the latest. A frame arriving when two are held replaces the latest; frames passed over
 * because a newer one is due are dropped too; both count in {@code frames.dropped}. The
 * planes are copied once on the video thread; the swap itself is a few pointer moves under a lock.
 */
public final class FrameMailbox implements VideoDecodeStage.FrameSink {
    /** A frame waiting this long for the clock is shown anyway: a stalled clock must not stall the picture. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** A frame this far ahead of the clock is shown at once: the clock is lost, not just behind. */
    static final long MAX_AHEAD_MICROS = 500_000;
    private static final int HELD = 2;

    private final LongSupplier nanoTime;
    private final Runnable wake;
    private final ArrayDeque<YuvFrame> held = new ArrayDeque<>(HELD); // oldest first; guarded by this
    private final ArrayDeque<YuvFrame> spare = new ArrayDeque<>(HELD + 2); // guarded by this
    private final YuvFrame[] all = new YuvFrame[HELD + 2];
    /** Held while a frame is copied, so {@link #free()} never frees planes under a late copy. */
    private final Object copying = new Object();
    private volatile ViewerStats stats;
    private boolean freed; // guarded by copying
    private YuvFrame back; // video thread only
    private YuvFrame front; // render thread only

    /**
     * @param nanoTime the monotonic clock frames are aged by
     * @param wake     called after each frame arrives (any thread), to wake the render loop
     */
    FrameMailbox(LongSupplier nanoTime, Runnable wake) {
        this.nanoTime = nanoTime;
        this.wake = wake;
        for (int i = 0; i < all.length; i++) {
            all[i] = new YuvFrame();
        }
        back = all[0];
        front = all[1];
        spare.add(all[2]);
        spare.add(all[3]);
    }

    /** Where drops are counted; frames before this is set are handed off but not counted. */
    void countInto(ViewerStats s) {
        this.stats = s;
    }

    /** The video thread: copies the picture, then makes it the latest. */
    @Override
    public void onFrame(Picture picture, long captureMicros) {
        boolean dropped = false;
        synchronized (copying) { // uncontended but at close: a few ns a frame
            if (freed) {
                return;
            }
            back.copyFrom(picture, captureMicros, nanoTime.getAsLong());
            synchronized (this) {
                if (held.size() == HELD) {
                    spare.add(held.pollLast());
                    dropped = true;
                }
                held.addLast(back);
                back = spare.poll();
            }
        }
        if (dropped) {
            drop(1);
        }
        wake.run();
    }

    /**
     * The render thread: the newest held frame that is due on the clock, which becomes the frame
     * on screen (valid until the next call), or null when none is due; older held frames are dropped.
     *
     * @param clockMicros the presentation clock now ({@link PresentationClock#playingCaptureMicros()}), 0 = none
     */
    YuvFrame takeDue(long clockMicros) {
        long now = nanoTime.getAsLong();
        int passedOver = 0;
        YuvFrame taken = null;
        synchronized (this) {
            int dueCount = 0;
            int i = 0;
            for (YuvFrame f : held) {
                i++;
                if (due(f.captureMicros(), clockMicros, now - f.arrivalNanos())) {
                    dueCount = i;
                }
            }
            for (int k = 0; k < dueCount; k++) {
                YuvFrame f = held.pollFirst();
                if (k < dueCount - 1) {
                    spare.add(f);
                    passedOver++;
                } else {
                    spare.add(front);
                    front = f;
                    taken = f;
                }
            }
        }
        if (passedOver > 0) {
            drop(passedOver);
        }
        return taken;
    }

    /** Whether a frame is still held back for the clock (the render loop then waits briefly, not for an event). */
    synchronized boolean waiting() {
        return !held.isEmpty();
    }

    /**
     * Whether a frame captured at {@code captureMicros} may be shown now: no clock or no capture
     * time, its time has come, the clock is far behind, or it has waited long enough.
     */
    static boolean due(long captureMicros, long clockMicros, long waitedNanos) {
        if (clockMicros <= 0 || captureMicros <= 0 || captureMicros <= clockMicros) {
            return true;
        }
        return captureMicros - clockMicros > MAX_AHEAD_MICROS || waitedNanos >= MAX_WAIT_NANOS;
    }

    private void drop(int n) {
        ViewerStats s = stats;
        if (s != null) {
            s.framesDropped.add(n);
        }
    }

    /**
     * Frees the native planes; frames arriving later are ignored. Safe while the video thread
     * still runs (Ctrl-C closes the viewer on another thread while the window closes).
     */
    void free() {
        synchronized (copying) {
            freed = true;
            for (YuvFrame f : all) {
                f.free();
            }
        }
    }
}
