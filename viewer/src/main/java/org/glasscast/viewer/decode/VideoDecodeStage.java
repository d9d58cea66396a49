package org.glasscast.viewer.decode;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.media.H264Decoder;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * The video decode thread's work: access units from a bounded queue → H.264 decoder → (burned-in
 * code check) → the frame sink. An incomplete access unit, or a full queue, drops frames until
 * the next keyframe and asks the sender for one (PLI), as a real player must.
 */
public final class VideoDecodeStage {
    /** About two seconds at 30 fps; beyond that the decoder cannot keep up and we skip ahead. */
    private static final int QUEUE_CAPACITY = 64;

    /** Where decoded frames go (the window, or the headless sink). Called on the decode thread. */
    public interface FrameSink {
        /** @param captureMicros the frame's capture time (µs since the epoch), or -1 if unknown */
        void onFrame(Picture frame, long captureMicros);
    }

    private final ArrayBlockingQueue<AccessUnit> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ViewerStats stats;
    private final FramePresenter presenter;
    private final Runnable keyframeRequest;
    private volatile boolean needKeyframe = true;

    public VideoDecodeStage(ViewerStats stats, MediaClock clock, CaptureClock captureClock, boolean verifyPattern,
                            Runnable keyframeRequest, FrameSink sink) {
        this.stats = stats;
        this.presenter = new FramePresenter(stats, clock, captureClock, verifyPattern, sink);
        this.keyframeRequest = keyframeRequest;
    }

    /** From the event loop; takes ownership of the access unit. */
    public void offer(AccessUnit au) {
        if (!queue.offer(au)) {
            au.release();
            stats.framesDropped.increment();
            needKeyframe = true;
            keyframeRequest.run();
        }
    }

    /** The decode thread's loop; ends when interrupted. */
    public void run() {
        try (H264Decoder decoder = new H264Decoder()) {
            while (!Thread.currentThread().isInterrupted()) {
                AccessUnit au = queue.poll(100, TimeUnit.MILLISECONDS);
                if (au != null) {
                    try {
                        decode(decoder, au);
                    } finally {
                        au.release();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            AccessUnit au;
            while ((au = queue.poll()) != null) {
                au.release();
            }
        }
    }

    private void decode(H264Decoder decoder, AccessUnit au) {
        if (!au.complete()) {
            stats.framesDropped.increment();
            needKeyframe = true;
            keyframeRequest.run();
            return;
        }
        if (needKeyframe) {
            if (!au.keyframe()) {
                stats.framesDropped.increment();
                return;
            }
            needKeyframe = false;
        }
        long t0 = System.nanoTime();
        boolean ok = decoder.decode(au.content(), au.rtpTimestamp(), frame -> {
            stats.decodeNanos.add(System.nanoTime() - t0);
            presenter.present(frame, au.rtpTimestamp(), au.absCaptureTimeNtp());
        });
        if (!ok) {
            stats.framesDropped.increment();
            needKeyframe = true;
            keyframeRequest.run();
        }
    }

    public int queued() {
        return queue.size();
    }
}
