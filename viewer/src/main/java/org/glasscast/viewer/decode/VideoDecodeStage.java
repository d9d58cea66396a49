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
    private final CaptureTimes captureTimes = new CaptureTimes();

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
                keyframeRequest.run(); // a sender that did not start (or restart) us at a keyframe: ask (PLI)
                return;
            }
            needKeyframe = false;
        }
        long t0 = System.nanoTime();
        captureTimes.put(au.rtpTimestamp(), au.absCaptureTimeNtp());
        boolean ok = decoder.decode(au.content(), au.rtpTimestamp(), frame -> {
            stats.decodeNanos.add(System.nanoTime() - t0);
            // with B-frames a picture comes out later than its access unit went in: its own times
            long rtp = frame.pts();
            presenter.present(frame, rtp, captureTimes.get(rtp));
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

    /**
     * The abs-capture-time of the last access units by RTP timestamp, for pictures the decoder
     * hands out after later ones went in (B-frames: at most 16 frames of reordering in H.264).
     */
    static final class CaptureTimes {
        private static final int SIZE = 32;
        private final long[] rtp = new long[SIZE];
        private final long[] ntp = new long[SIZE];
        private int next;

        void put(long rtpTimestamp, long absCaptureTimeNtp) {
            rtp[next] = rtpTimestamp;
            ntp[next] = absCaptureTimeNtp;
            next = (next + 1) % SIZE;
        }

        /** The capture time sent with {@code rtpTimestamp}, or 0 (unknown). */
        long get(long rtpTimestamp) {
            for (int i = 1; i <= SIZE; i++) { // newest first
                int k = (next - i + SIZE) % SIZE;
                if (rtp[k] == rtpTimestamp) {
                    return ntp[k];
                }
            }
            return 0;
        }
    }
}
