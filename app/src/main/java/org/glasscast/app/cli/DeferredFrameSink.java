package org.glasscast.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;

/**
 * The window's frame sink before the window exists: the viewer starts (RTSP handshake, first
 * keyframe) while the window opens on the main thread, and a picture decoded before the window
 * is ready waits for it, so the first keyframe is the first picture shown. The wait is bounded;
 * without a window (it failed to open) pictures are passed over.
 */
final class DeferredFrameSink implements VideoDecodeStage.FrameSink {
    /** The longest a picture waits for the window before it is passed over. */
    private static final long WAIT_SECONDS = 10;

    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile VideoDecodeStage.FrameSink sink;

    /** The window's sink, or null: there will be no window. */
    void set(VideoDecodeStage.FrameSink windowSink) {
        sink = windowSink;
        ready.countDown();
    }

    @Override
    public void onFrame(Picture frame, long captureMicros) {
        VideoDecodeStage.FrameSink s = sink;
        if (s == null && ready.getCount() > 0) {
            try {
                ready.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing
                return;
            }
            s = sink;
        }
        if (s != null) {
            s.onFrame(frame, captureMicros);
        }
    }
}
