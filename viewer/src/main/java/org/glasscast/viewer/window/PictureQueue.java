package org.glasscast.viewer.window;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.present.PresentationRule;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * The window's presentation queue: decoded pictures from the video thread wait here, in order,
 * until the {@link PresentationRule} puts them on screen (the render thread, one a refresh).
 *
 * <p>Pictures are copied once, on the video thread, into reusable {@link YuvFrame}s: one being
 * written, one on screen, and up to {@link #capacity} held between them, enough for
 * {@value #MAX_HELD_BYTES} bytes of pictures (at least {@value #MIN_HELD}, at most
 * {@value #MAX_HELD}: about half a second at 1080p60, so a sound output with a long latency
 * delays the picture without losing any). Frames are allocated only when the queue first grows
 * that deep. When it is full, the oldest picture is dropped; pictures the rule passes over are
 * dropped too; both count in {@code frames.dropped}. The hand-off itself is a few pointer moves
 * under a lock.
 */
final class PictureQueue implements VideoDecodeStage.FrameSink {
    static final int MIN_HELD = 4;
    static final int MAX_HELD = 32;
    static final long MAX_HELD_BYTES = 96L << 20;

    private final LongSupplier nanoTime;
    private final Runnable wake;
    private final PresentationRule rule;
    private final YuvFrame[] held = new YuvFrame[MAX_HELD]; // ring, oldest at head; guarded by this
    private int head; // guarded by this
    private int count; // guarded by this
    private int capacity = MIN_HELD; // guarded by this
    private final ArrayDeque<YuvFrame> spare = new ArrayDeque<>(MAX_HELD + 2); // guarded by this
    private final ArrayDeque<YuvFrame> all = new ArrayDeque<>(MAX_HELD + 2); // guarded by copying
    /** Held while a frame is copied, so {@link #free()} never frees planes under a late copy. */
    private final Object copying = new Object();
    private final PresentationRule.Held view = new PresentationRule.Held() {
        @Override
        public int size() {
            return count;
        }

        @Override
        public long captureMicros(int i) {
            return at(i).captureMicros();
        }

        @Override
        public long arrivalNanos(int i) {
            return at(i).arrivalNanos();
        }
    };
    private volatile ViewerStats stats;
    private boolean freed; // guarded by copying
    private YuvFrame back; // video thread only
    private YuvFrame front; // render thread only

    /**
     * @param nanoTime the monotonic clock frames are aged by
     * @param wake     called after each frame arrives (any thread), to wake the render loop
     * @param rule     when a held picture is shown
     */
    PictureQueue(LongSupplier nanoTime, Runnable wake, PresentationRule rule) {
        this.nanoTime = nanoTime;
        this.wake = wake;
        this.rule = rule;
        back = newFrame();
        front = newFrame();
    }

    private YuvFrame newFrame() {
        YuvFrame f = new YuvFrame();
        synchronized (copying) {
            all.add(f);
        }
        return f;
    }

    private YuvFrame at(int i) {
        return held[(head + i) % MAX_HELD];
    }

    /** Where drops are counted; frames before this is set are handed off but not counted. */
    void countInto(ViewerStats s) {
        this.stats = s;
    }

    /** The video thread: copies the picture, then puts it at the end of the queue. */
    @Override
    public void onFrame(Picture picture, long captureMicros) {
        boolean dropped = false;
        synchronized (copying) { // uncontended but at close: a few ns a frame
            if (freed) {
                return;
            }
            // the video thread set the flag for this very picture just before handing it over
            ViewerStats s = stats;
            back.copyFrom(picture, captureMicros, s != null && s.videoCaptureMeasured, nanoTime.getAsLong());
            long bytes = (long) picture.plane(0).limit() + (picture.packedRgb() ? 0
                    : picture.plane(1).limit() + picture.plane(2).limit());
            YuvFrame next;
            synchronized (this) {
                capacity = (int) Math.max(MIN_HELD, Math.min(MAX_HELD, MAX_HELD_BYTES / Math.max(1, bytes)));
                while (count + spare.size() > capacity && !spare.isEmpty()) { // larger pictures: fewer frames
                    YuvFrame f = spare.poll();
                    all.remove(f);
                    f.free();
                }
                while (count >= capacity) {
                    spare.add(held[head]);
                    held[head] = null;
                    head = (head + 1) % MAX_HELD;
                    count--;
                    dropped = true;
                }
                held[(head + count) % MAX_HELD] = back;
                count++;
                next = spare.poll();
            }
            // at most capacity + 2 frames exist: a new one only while the queue is deeper than ever before
            back = next != null ? next : newFrame();
        }
        if (dropped) {
            drop(1);
        }
        wake.run();
    }

    /**
     * The render thread: the picture to put on screen now ({@link PresentationRule#choose}), which
     * becomes the frame on screen (valid until the next call), or null when none is due; the
     * pictures before it are dropped.
     *
     * @param clockMicros the presentation clock now ({@link PresentationClock#playingCaptureMicros()}), 0 = none
     */
    YuvFrame takeDue(long clockMicros) {
        long now = nanoTime.getAsLong();
        int passedOver;
        YuvFrame taken;
        synchronized (this) {
            int i = rule.choose(view, clockMicros, now);
            if (i < 0) {
                return null;
            }
            for (int k = 0; k < i; k++) {
                spare.add(pollHead());
            }
            passedOver = i;
            taken = pollHead();
            spare.add(front);
            front = taken;
        }
        if (passedOver > 0) {
            drop(passedOver);
        }
        return taken;
    }

    private YuvFrame pollHead() {
        YuvFrame f = held[head];
        held[head] = null;
        head = (head + 1) % MAX_HELD;
        count--;
        return f;
    }

    /**
     * How long the render loop may sleep before the oldest held picture is due: 0 when one is due
     * now, -1 when none is held (wait for the next to arrive).
     */
    synchronized long nanosUntilDue(long clockMicros) {
        if (count == 0) {
            return -1;
        }
        return Math.max(0, -rule.dueForNanos(at(0).captureMicros(), at(0).arrivalNanos(), clockMicros,
                nanoTime.getAsLong()));
    }

    /** Pictures waiting now. */
    synchronized int held() {
        return count;
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
