package org.glasscast.viewer.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The play position of the OpenAL source, turned into capture time across buffers and gaps. */
class QueuedBuffersTest {
    private static final long T = 1_700_000_000_000_000L;

    @Test
    void positionMapsToTheCaptureTimeOfTheBufferItFallsIn() {
        QueuedBuffers q = new QueuedBuffers(4);
        q.add(11, 960, T);
        q.add(12, 960, T + 40_000); // a lost packet before this one: its own time, not T + 20 ms
        q.add(13, 480, -1); // no clock mapping yet
        assertThat(q.totalSamples()).isEqualTo(2400);
        assertThat(q.captureAt(0)).isEqualTo(T);
        assertThat(q.captureAt(480)).isEqualTo(T + 10_000);
        assertThat(q.captureAt(960 + 48)).isEqualTo(T + 41_000);
        assertThat(q.captureAt(1920 + 10)).as("unknown time").isEqualTo(-1);
        assertThat(q.captureAt(2400)).as("past the end").isEqualTo(-1);
        assertThat(q.removeOldest()).isEqualTo(11);
        assertThat(q.captureAt(0)).isEqualTo(T + 40_000);
        assertThat(q.endCaptureMicros()).isEqualTo(-1);
    }

    @Test
    void ringWrapsAndFullIsFull() {
        QueuedBuffers q = new QueuedBuffers(2);
        for (int i = 0; i < 5; i++) {
            q.add(i, 960, T + i * 20_000L);
            assertThat(q.endCaptureMicros()).isEqualTo(T + (i + 1) * 20_000L);
            if (i > 0) {
                assertThat(q.isFull()).isTrue();
                assertThat(q.removeOldest()).isEqualTo(i - 1);
            }
        }
        assertThat(q.captureAt(100)).isEqualTo(T + 4 * 20_000L + 100 * 1_000_000L / 48_000);
    }
}
