package org.glasscast.sender.source;

import java.io.IOException;
import org.glasscast.media.YuvFrame;

/**
 * Where the sender's pictures come from: the test pattern, a screen, a camera, a file or URL.
 * Every source delivers I420 at its output size (already scaled, aspect kept) and says when each
 * picture was captured, on the monotonic clock, never a frame number times a nominal rate.
 *
 * <p>Paced sources (test pattern, screen) are captured at the sender's deadlines; self-paced ones
 * (camera, file, URL) block in {@link #capture} until their next picture is there. One thread
 * (the capture thread) calls {@link #capture}; {@link #close} may come from another to unblock it.
 */
public interface VideoSource extends AutoCloseable {
    /** {@link #capture}'s answer when the input has ended (a file without --loop, a closed stream). */
    long END = -1;

    /** Output width, even. */
    int width();

    /** Output height, even. */
    int height();

    /** Whether the source sets its own pace (blocking in capture) rather than following the sender's deadlines. */
    boolean selfPaced();

    /**
     * Fills {@code frame} (of {@link #width()} x {@link #height()}) with the next picture and sets
     * its index; returns the capture instant in {@link System#nanoTime()} terms, or {@link #END}.
     *
     * @throws IOException with a one-line message when the device or input fails
     */
    long capture(YuvFrame frame) throws IOException, InterruptedException;

    /**
     * Whether the next picture is known to be the same as the last one captured (a screen where
     * nothing was drawn): the sender then skips this deadline rather than send the same picture
     * again as if it were new. Paced sources only; called on the capture thread before capture.
     * Each call looks afresh: a true answer is not repeated for the same change.
     *
     * @throws IOException with a one-line message when the device fails
     */
    default boolean unchanged() throws IOException {
        return false;
    }

    /** What is being captured, for the status line ("test pattern 1280x720", "screen :99 1920x1080"). */
    String describe();

    @Override
    void close();
}
