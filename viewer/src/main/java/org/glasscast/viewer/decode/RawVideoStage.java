package org.glasscast.viewer.decode;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.raw.RawFrame;
import org.glasscast.protocol.raw.RawSampling;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * The video thread's work for uncompressed video (RFC 4175): reassembled frames from a bounded
 * queue → (burned-in code check) → the sink. Nothing to decode; an incomplete frame is dropped
 * and counted (every raw frame stands alone, so the next one is whole again).
 */
public final class RawVideoStage {
    /** A quarter second at 1000 fps; frames beyond it are dropped while the sink catches up. */
    private static final int QUEUE_CAPACITY = 256;

    private final ArrayBlockingQueue<RawFrame> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ViewerStats stats;
    private final FramePresenter presenter;
    private final RawPicture picture = new RawPicture();

    public RawVideoStage(ViewerStats stats, MediaClock clock, CaptureClock captureClock, boolean verifyPattern,
                         VideoDecodeStage.FrameSink sink) {
        this.stats = stats;
        this.presenter = new FramePresenter(stats, clock, captureClock, verifyPattern, sink);
    }

    /** From the event loop; takes ownership of the frame. */
    public void offer(RawFrame frame) {
        if (!queue.offer(frame)) {
            frame.release();
            stats.framesDropped.increment();
        }
    }

    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                RawFrame f = queue.poll(100, TimeUnit.MILLISECONDS);
                if (f == null) {
                    continue;
                }
                try {
                    if (f.complete()) {
                        picture.wrap(f);
                        presenter.present(picture, f.rtpTimestamp(), f.absCaptureTimeNtp());
                    } else {
                        stats.framesDropped.increment();
                    }
                } finally {
                    picture.wrap(null);
                    f.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RawFrame f;
            while ((f = queue.poll()) != null) {
                f.release();
            }
        }
    }

    public int queued() {
        return queue.size();
    }

    /** A reassembled I420 or packed RGB frame seen as a {@link Picture}; valid while its frame is held. */
    private static final class RawPicture implements Picture {
        private final ByteBuffer[] planes = new ByteBuffer[3];
        private RawFrame frame;

        void wrap(RawFrame f) {
            frame = f;
            for (int i = 0; i < 3; i++) {
                planes[i] = f == null || i >= f.format().planeCount() ? null : f.plane(i).nioBuffer();
            }
        }

        @Override
        public int width() {
            return frame.width();
        }

        @Override
        public int height() {
            return frame.height();
        }

        @Override
        public ByteBuffer plane(int i) {
            return planes[i];
        }

        @Override
        public int stride(int i) {
            return frame.stride(i);
        }

        @Override
        public boolean fullRange() {
            return false;
        }

        @Override
        public boolean packedRgb() {
            return frame.format().sampling() == RawSampling.RGB;
        }
    }
}
