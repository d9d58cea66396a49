package org.glasscast.viewer.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameMailboxTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger wakes = new AtomicInteger();
    private final ViewerStats stats = new ViewerStats();
    private final FrameMailbox mailbox = new FrameMailbox(nanos::get, wakes::incrementAndGet);

    FrameMailboxTest() {
        mailbox.countInto(stats);
    }

    @AfterEach
    void free() {
        mailbox.free();
    }

    @Test
    void theNewestFrameWinsAndTheOthersCountAsDropped() {
        for (int i = 1; i <= 5; i++) {
            mailbox.onFrame(picture(i), 1000L * i);
        }
        YuvFrame shown = mailbox.takeDue(0);
        assertThat(shown.captureMicros()).isEqualTo(5000);
        assertThat(shown.plane(0).get(0)).isEqualTo((byte) 5);
        assertThat(stats.framesDropped.sum()).isEqualTo(4);
        assertThat(mailbox.takeDue(0)).as("nothing new").isNull();
        assertThat(wakes.get()).isEqualTo(5);
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
    void aFrameWaitsForTheClockWhileTheLatestIsKept() {
        mailbox.onFrame(picture(1), 10_000);
        mailbox.onFrame(picture(2), 20_000);
        assertThat(mailbox.takeDue(5_000)).as("clock before both").isNull();
        assertThat(mailbox.waiting()).isTrue();
        assertThat(mailbox.takeDue(15_000).captureMicros()).isEqualTo(10_000);
        assertThat(mailbox.takeDue(15_000)).isNull();
        assertThat(mailbox.takeDue(20_000).captureMicros()).isEqualTo(20_000);
        assertThat(stats.framesDropped.sum()).isZero();
    }

    @Test
    void aThirdFrameReplacesTheLatestNotTheOneWaiting() {
        mailbox.onFrame(picture(1), 10_000);
        mailbox.onFrame(picture(2), 20_000);
        mailbox.onFrame(picture(3), 30_000);
        assertThat(stats.framesDropped.sum()).isEqualTo(1);
        assertThat(mailbox.takeDue(10_000).captureMicros()).isEqualTo(10_000);
        assertThat(mailbox.takeDue(30_000).captureMicros()).isEqualTo(30_000);
    }

    @Test
    void aStalledOrLostClockDoesNotStallThePicture() {
        mailbox.onFrame(picture(1), 10_000);
        nanos.addAndGet(FrameMailbox.MAX_WAIT_NANOS - 1);
        assertThat(mailbox.takeDue(9_000)).isNull();
        nanos.addAndGet(1);
        assertThat(mailbox.takeDue(9_000)).as("waited 500 ms").isNotNull();

        mailbox.onFrame(picture(2), 10_000_000);
        assertThat(mailbox.takeDue(9_000)).as("clock 10 s behind").isNotNull();
        mailbox.onFrame(picture(3), -1);
        assertThat(mailbox.takeDue(9_000)).as("no capture time").isNotNull();
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
