package org.glasscast.viewer.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/** A stream that does not start at a keyframe: the pictures before one are dropped and one is asked for. */
class VideoDecodeStageTest {
    @Test
    void aStreamJoinedBetweenKeyframesAsksForOne() throws Exception {
        ViewerStats stats = new ViewerStats();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger shown = new AtomicInteger();
        VideoDecodeStage stage = new VideoDecodeStage(stats, MediaClock.system(), new CaptureClock(90_000), false,
                requests::incrementAndGet, (frame, capture) -> shown.incrementAndGet());
        Thread t = new Thread(stage::run, "test-video");
        t.start();
        try {
            // a P-slice NAL (type 1): complete, but nothing can be decoded before a keyframe
            stage.offer(new AccessUnit(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0x41, (byte) 0x9a, 0, 0}), 3000,
                    false, true, 0, 1, 1, 1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (stats.framesDropped.sum() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(stats.framesDropped.sum()).as("the picture before a keyframe is dropped").isEqualTo(1);
            assertThat(requests.get()).as("a keyframe is asked for (PLI)").isEqualTo(1);
            assertThat(shown.get()).isZero();
        } finally {
            t.interrupt();
            t.join(5000);
        }
    }
}
