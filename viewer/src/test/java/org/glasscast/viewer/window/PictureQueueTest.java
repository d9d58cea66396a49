package org.glasscast.viewer.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.present.PresentationRule;
import org.glasscast.viewer.present.SyncMode;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PictureQueueTest {
    private static final long REFRESH_NANOS = 16_666_667;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger wakes = new AtomicInteger();
    private final ViewerStats stats = new ViewerStats();
    private final PictureQueue mailbox = new PictureQueue(nanos::get, wakes::incrementAndGet,
            new PresentationRule(SyncMode.AUDIO, REFRESH_NANOS));

    PictureQueueTest() {
        mailbox.countInto(stats);
    }

    @AfterEach
    void free() {
        mailbox.free();
    }

    @Test
    void everyFrameIsShownInOrderOneATake() {
        for (int i = 1; i <= 3; i++) {
            mailbox.onFrame(picture(i), 33_333L * i); // a burst at 30 fps: shown one a take, none passed over
        }
        for (int i = 1; i <= 3; i++) {
            YuvFrame shown = mailbox.takeDue(0);
            assertThat(shown.captureMicros()).isEqualTo(33_333L * i);
            assertThat(shown.plane(0).get(0)).isEqualTo((byte) i);
        }
        assertThat(mailbox.takeDue(0)).as("nothing new").isNull();
        assertThat(stats.framesDropped.sum()).isZero();
        assertThat(wakes.get()).isEqualTo(3);
    }

    @Test
    void eachFrameKeepsWhetherItsCaptureTimeWasMeasured() {
        stats.videoCaptureMeasured = true; // set by the video thread just before it hands the picture over
        mailbox.onFrame(picture(1), 33_333L);
        stats.videoCaptureMeasured = false; // a sender report's estimate: no latency for this one
        mailbox.onFrame(picture(2), 66_666L);
        assertThat(mailbox.takeDue(0).captureMeasured()).isTrue();
        assertThat(mailbox.takeDue(0).captureMeasured()).isFalse();
    }

    @Test
    void aFullQueueDropsItsOldestAndCountsIt() {
        int n = PictureQueue.MAX_HELD + 3; // tiny pictures: the most frames the queue holds
        for (int i = 1; i <= n; i++) {
            mailbox.onFrame(picture(i), 33_333L * i);
        }
        assertThat(stats.framesDropped.sum()).isEqualTo(3);
        assertThat(mailbox.held()).isEqualTo(PictureQueue.MAX_HELD);
        assertThat(mailbox.takeDue(0).plane(0).get(0)).as("the oldest left").isEqualTo((byte) 4);
    }

    @Test
    void framesWaitingForALateSoundAreAllKept() {
        // a sound output 250 ms behind the picture (Bluetooth): 30 fps frames wait about 205 ms each
        long capture = 100_000_000;
        int shown = 0;
        for (int i = 0; i < 90; i++) {
            mailbox.onFrame(picture(i), capture + i * 33_333L);
            for (int step = 0; step < 2; step++) { // two refreshes a frame
                nanos.addAndGet(REFRESH_NANOS);
                long heard = capture - 250_000 + (nanos.get() - 1_000_000_000L) / 1000;
                if (mailbox.takeDue(heard) != null) {
                    shown++;
                }
            }
        }
        assertThat(stats.framesDropped.sum()).isZero();
        assertThat(shown).as("all but the ~7 still waiting for their sound").isBetween(82, 84);
        assertThat(mailbox.held()).isEqualTo(90 - shown);
    }

    @Test
    void planesAreCopiedWithTheirStrides() {
        mailbox.onFrame(picture(7), 1);
        YuvFrame f = mailbox.takeDue(0);
        assertThat(f.width()).isEqualTo(8);
        assertThat(f.height()).isEqualTo(4);
        assertThat(f.stride(0)).isEqualTo(16);
        assertThat(f.stride(1)).isEqualTo(8);
        assertThat(f.plane(0).limit()).isEqualTo(16 * 4);
        assertThat(f.plane(2).get(8 + 3)).isEqualTo((byte) (7 + 2));
        assertThat(f.bt709()).as("unspecified SD: BT.601").isFalse();
    }

    @Test
    void packedRgbIsOnePlane() {
        ByteBuffer rgb = fill(4 * 3 * 2, 9);
        mailbox.onFrame(new Picture() {
            @Override
            public int width() {
                return 4;
            }

            @Override
            public int height() {
                return 2;
            }

            @Override
            public ByteBuffer plane(int i) {
                if (i != 0) {
                    throw new IndexOutOfBoundsException("plane " + i + " of RGB");
                }
                return rgb;
            }

            @Override
            public int stride(int i) {
                return 12;
            }

            @Override
            public boolean fullRange() {
                return false;
            }

            @Override
            public boolean packedRgb() {
                return true;
            }
        }, 1);
        YuvFrame f = mailbox.takeDue(0);
        assertThat(f.rgb()).isTrue();
        assertThat(f.stride(0)).isEqualTo(12);
        assertThat(f.plane(0).limit()).isEqualTo(24);
    }

    @Test
    void aFrameWaitsUntilItsSoundIsCloseEnoughAndSaysHowLong() {
        long lag = PresentationRule.MAX_SOUND_LAG_MICROS;
        mailbox.onFrame(picture(1), 200_000);
        mailbox.onFrame(picture(2), 233_000);
        assertThat(mailbox.takeDue(100_000)).as("sound 100 ms behind").isNull();
        assertThat(mailbox.nanosUntilDue(100_000)).isEqualTo((100_000 - lag) * 1000);
        assertThat(mailbox.takeDue(200_000 - lag).captureMicros()).isEqualTo(200_000);
        assertThat(mailbox.takeDue(200_000 - lag)).isNull();
        assertThat(mailbox.nanosUntilDue(200_000 - lag)).isEqualTo(33_000_000);
        assertThat(mailbox.takeDue(233_000 - lag).captureMicros()).isEqualTo(233_000);
        assertThat(mailbox.nanosUntilDue(233_000 - lag)).as("none held").isEqualTo(-1);
        assertThat(stats.framesDropped.sum()).isZero();
    }

    /** 8x4, luma stride 16, chroma stride 8; every byte of plane i is {@code value + i}. */
    private static Picture picture(int value) {
        ByteBuffer[] planes = {fill(16 * 4, value), fill(8 * 2, value + 1), fill(8 * 2, value + 2)};
        return new Picture() {
            @Override
            public int width() {
                return 8;
            }

            @Override
            public int height() {
                return 4;
            }

            @Override
            public ByteBuffer plane(int i) {
                return planes[i];
            }

            @Override
            public int stride(int i) {
                return i == 0 ? 16 : 8;
            }

            @Override
            public boolean fullRange() {
                return false;
            }
        };
    }

    private static ByteBuffer fill(int size, int value) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        while (b.hasRemaining()) {
            b.put((byte) value);
        }
        return b.clear();
    }
}
