package org.glasscast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.glasscast.sender.media.ToneGenerator;
import org.junit.jupiter.api.Test;

/** The beep detector places the sender's test-tone beeps to the sample, whatever their level. */
class BeepOnsetsTest {
    /** {@code seconds} of the sender's tone (mono, left channel) whose first sample is {@code startMicros}. */
    private static float[] tone(long startMicros, double seconds, double gain) {
        ToneGenerator g = new ToneGenerator();
        int n = (int) (seconds * BeepOnsets.RATE);
        short[] pcm = new short[n * 2];
        g.fill(pcm, n, startMicros);
        float[] mono = new float[n];
        for (int i = 0; i < n; i++) {
            mono[i] = (float) (pcm[2 * i] / 32768.0 * gain);
        }
        return mono;
    }

    @Test
    void findsEachBeepAtItsWholeSecondToAQuarterOfAMillisecond() {
        // starts 0.3377 s before a whole second: beeps at 0.3377 s, 1.3377 s, 2.3377 s into the sound
        long start = 1_700_000_000_000_000L - 337_700;
        for (double gain : new double[] {1.0, 0.2}) {
            List<Double> onsets = BeepOnsets.find(tone(start, 3.2, gain));
            assertThat(onsets).as("gain " + gain).hasSize(3);
            for (int k = 0; k < 3; k++) {
                double expected = (0.3377 + k) * BeepOnsets.RATE;
                assertThat(onsets.get(k)).as("onset %d at gain %.1f, samples", k, gain).isCloseTo(expected, within(12.0));
            }
        }
    }

    @Test
    void theToneAloneHasNoBeep() {
        // 0.1 s after a whole second to 0.9 s after: the tone between beeps only
        assertThat(BeepOnsets.find(tone(1_700_000_000_100_000L, 0.8, 1.0))).isEmpty();
    }
}
