package org.glasscast.sender.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToneGeneratorTest {

    private static final long SECOND = 1_767_225_600_000_000L;
    private static final int TONE_PEAK = (int) Math.ceil(0.1 * Short.MAX_VALUE);

    @Test
    void beepStartsOnTheFirstSampleAtOrAfterTheSecond() {
        // sample 0 is 10 µs before the second, sample 1 is 10.8 µs after it
        short[] withBeep = new short[4000 * 2];
        short[] without = new short[4000 * 2];
        new ToneGenerator().fill(withBeep, 4000, SECOND - 10);
        new ToneGenerator().fill(without, 4000, SECOND - 10 + 500_000); // same tone phase, no beep
        int first = -1;
        int last = -1;
        for (int i = 0; i < 4000; i++) {
            int beep = withBeep[2 * i] - without[2 * i];
            assertThat(withBeep[2 * i + 1]).isEqualTo(withBeep[2 * i]);
            if (beep != 0) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        assertThat(first).isEqualTo(1);
        assertThat(last).isBetween(2398, 2400); // 50 ms = 2400 samples; the last ones round to zero
    }

    @Test
    void beepIsLouderThanTheTone() {
        short[] pcm = new short[48_000 * 2];
        new ToneGenerator().fill(pcm, 48_000, SECOND + 900_000);
        int beforeSecond = 0;
        int inBeep = 0;
        for (int i = 0; i < 48_000; i++) {
            int v = Math.abs(pcm[2 * i]);
            if (i < 4800) {
                beforeSecond = Math.max(beforeSecond, v);
            } else if (i < 4800 + 2400) {
                inBeep = Math.max(inBeep, v);
            }
        }
        assertThat(beforeSecond).isLessThanOrEqualTo(TONE_PEAK);
        assertThat(inBeep).isGreaterThan((int) (0.55 * Short.MAX_VALUE));
    }

    @Test
    void toneIsPhaseContinuousAcrossCalls() {
        // in the sender's 10 ms frames (480 samples), across a beep (SECOND + 1 s is frame 80)
        short[] whole = new short[480 * 100 * 2];
        new ToneGenerator().fill(whole, 480 * 100, SECOND + 200_000);
        ToneGenerator chunked = new ToneGenerator();
        short[] chunk = new short[480 * 2];
        for (int c = 0; c < 100; c++) {
            chunked.fill(chunk, 480, SECOND + 200_000 + c * 10_000L);
            for (int i = 0; i < chunk.length; i++) {
                assertThat(chunk[i]).isEqualTo(whole[c * chunk.length + i]);
            }
        }
    }
}
