package org.glasscast.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Forced keyframes: at once for the first viewer, then at most one per 500 ms however many ask (a test clock). */
class KeyframeGateTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final KeyframeGate gate = new KeyframeGate(now::get);

    @Test
    void nothingIsForcedUnasked() {
        assertThat(gate.due()).isFalse();
        assertThat(gate.take()).isFalse();
    }

    @Test
    void theFirstViewerGetsOneAtOnce() {
        gate.request();
        assertThat(gate.due()).isTrue();
        assertThat(gate.take()).as("the very next frame").isTrue();
        assertThat(gate.take()).as("once").isFalse();
    }

    @Test
    void viewersAskingWithinHalfASecondShareOneKeyframeForcedWhenItHasPassed() {
        gate.request();
        assertThat(gate.take()).isTrue();
        int forced = 0;
        // four more viewers join over the next 400 ms, one every 100 ms, frames every 10 ms
        for (long t = 0; t <= 1_000; t += 10) {
            now.set(1_000 * MS + t * MS);
            if (t > 0 && t <= 400 && t % 100 == 0) {
                gate.request();
            }
            if (gate.take()) {
                forced++;
                assertThat(t).as("not before 500 ms after the last").isEqualTo(500);
            }
        }
        assertThat(forced).as("one keyframe serves the four").isEqualTo(1);
    }

    @Test
    void aViewerAfterTheIntervalGetsItsOwnAtOnce() {
        gate.request();
        assertThat(gate.take()).isTrue();
        now.addAndGet(KeyframeGate.MIN_INTERVAL_NANOS);
        gate.request();
        assertThat(gate.take()).isTrue();
    }

    @Test
    void uncompressedVideoNeedsNone() {
        gate.request();
        gate.clear();
        assertThat(gate.due()).isFalse();
        assertThat(gate.take()).isFalse();
    }
}
