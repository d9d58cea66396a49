package org.glasscast.sender.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameSlotTest {
    static final class Frame {
        long index;
    }

    @Test
    void latestFrameWinsAndTheReplacedOneIsCountedAndReused() throws Exception {
        AtomicInteger made = new AtomicInteger();
        FrameSlot<Frame> slot = new FrameSlot<>(1, () -> {
            made.incrementAndGet();
            return new Frame();
        });
        Frame a = slot.acquire();
        a.index = 1;
        slot.publish(a);
        Frame b = slot.acquire();
        b.index = 2;
        slot.publish(b); // the encoder never took frame 1
        Frame got = slot.take(10, TimeUnit.MILLISECONDS);
        assertThat(got.index).isEqualTo(2);
        assertThat(slot.dropped()).isEqualTo(1);
        assertThat(slot.take(1, TimeUnit.MILLISECONDS)).isNull();
        slot.release(got);
        // the pool never grows: three frames in all, however many are published
        for (int i = 0; i < 100; i++) {
            Frame f = slot.acquire();
            assertThat(f).isNotNull();
            slot.publish(f);
        }
        assertThat(made.get()).isEqualTo(3);
    }

    @Test
    void acquireReturnsNullWhenEveryFrameIsInUse() {
        FrameSlot<Frame> slot = new FrameSlot<>(1, Frame::new);
        for (int i = 0; i < 3; i++) {
            assertThat(slot.acquire()).isNotNull();
        }
        assertThat(slot.acquire()).isNull();
    }

    @Test
    void depthTwoAbsorbsOneFrameOfEncoderLagThenDropsTheOldest() throws Exception {
        FrameSlot<Frame> slot = new FrameSlot<>(2, Frame::new);
        for (long i = 1; i <= 3; i++) {
            Frame f = slot.acquire();
            f.index = i;
            slot.publish(f);
        }
        // three published while the encoder was busy: frame 1 dropped, 2 and 3 encoded in order
        assertThat(slot.dropped()).isEqualTo(1);
        Frame a = slot.take(1, TimeUnit.MILLISECONDS);
        Frame b = slot.take(1, TimeUnit.MILLISECONDS);
        assertThat(a.index).isEqualTo(2);
        assertThat(b.index).isEqualTo(3);
        assertThat(slot.take(1, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void pacerKeepsAbsoluteDeadlinesAndSkipsMissedTicks() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        Pacer pacer = new Pacer(() -> now.addAndGet(1), 100);
        long first = pacer.awaitNext();
        long second = pacer.awaitNext();
        assertThat(second - first).isEqualTo(100);
        now.addAndGet(1_050); // the loop stalled for ten periods
        long third = pacer.awaitNext();
        assertThat((third - first) % 100).isZero();
        assertThat(pacer.skipped()).isGreaterThanOrEqualTo(9);
    }
}
