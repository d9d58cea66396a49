package org.glasscast.sender;

import java.util.function.LongSupplier;

/**
 * When the encoder forces a keyframe (IDR) for the viewers: a viewer that starts playing gets one
 * at once (its PLAY asks for it, so it need not wait for the next scheduled one, up to a whole
 * keyframe interval), as does one that lost a picture (RTCP PLI); but at most one per
 * {@link #MIN_INTERVAL_NANOS} across all viewers, since each costs several times a normal
 * frame's bits. Asks within that time are not dropped: one keyframe is forced as soon as it has
 * passed, and serves them all.
 */
final class KeyframeGate {
    /** At most one forced keyframe per this interval, however many viewers ask. */
    static final long MIN_INTERVAL_NANOS = 500_000_000L;

    private final LongSupplier nanoTime;
    private volatile boolean wanted;
    /** When the last keyframe was forced; written by the encoding thread only. */
    private volatile long lastForced;

    KeyframeGate(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastForced = nanoTime.getAsLong() - MIN_INTERVAL_NANOS;
    }

    /** A viewer needs a keyframe. Any thread. */
    void request() {
        wanted = true;
    }

    /** Whether the next frame would be a forced keyframe (a still picture is then captured anyway). Any thread. */
    boolean due() {
        return wanted && nanoTime.getAsLong() - lastForced >= MIN_INTERVAL_NANOS;
    }

    /** Every frame stands alone (uncompressed video): nothing to force. */
    void clear() {
        wanted = false;
    }

    /** Before each frame is encoded: true when this one is to be a forced keyframe. The encoding thread only. */
    boolean take() {
        long now = nanoTime.getAsLong();
        if (!wanted || now - lastForced < MIN_INTERVAL_NANOS) {
            return false;
        }
        wanted = false;
        lastForced = now;
        return true;
    }
}
