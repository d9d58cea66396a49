package org.glasscast.app.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.glasscast.sender.media.OpusEncoder;
import org.glasscast.sender.media.ToneGenerator;
import org.glasscast.viewer.media.OpusDecoder;
import org.junit.jupiter.api.Test;

/** Tone + beeps → libopus → libopus: the tone is there and each beep lands on its second. */
class OpusRoundTripTest {

    private static final int RATE = 48_000;
    private static final int FRAME = OpusEncoder.FRAME_SAMPLES;
    private static final long OFFSET_MICROS = 300_000; // first sample 0.3 s after a whole second

    @Test
    void toneAndBeepsSurviveOpus() {
        int frames = (int) (2_000_000 / OpusEncoder.FRAME_MICROS); // 2 s
        double[] left = new double[frames * FRAME];
        int lookahead;
        ToneGenerator tone = new ToneGenerator();
        short[] pcm = new short[FRAME * 2];
        short[] out = new short[OpusDecoder.MAX_SAMPLES_PER_CHANNEL * 2];
        int decoded = 0;
        try (OpusEncoder encoder = OpusEncoder.open(OpusEncoder.DEFAULT_BITRATE);
                OpusDecoder decoder = new OpusDecoder()) {
            lookahead = encoder.lookaheadSamples() + decoder.delaySamples();
            for (int f = 0; f < frames; f++) {
                long micros = VideoRoundTripTest.START_MICROS + OFFSET_MICROS + f * OpusEncoder.FRAME_MICROS;
                tone.fill(pcm, FRAME, micros);
                ByteBuf packet = encoder.encode(pcm);
                assertThat(packet).as("packet for frame %d", f).isNotNull();
                try {
                    int n = decoder.decode(packet, out);
                    assertThat(n).isEqualTo(FRAME);
                    for (int i = 0; i < n; i++) {
                        assertThat(out[2 * i + 1]).isCloseTo(out[2 * i], org.assertj.core.data.Offset.offset((short) 2000));
                        left[decoded + i] = out[2 * i] / 32768.0;
                    }
                    decoded += n;
                } finally {
                    packet.release();
                }
            }
            assertThat(decoder.errors()).isZero();
        }
        // the tone, away from the beeps
        double p440 = goertzel(left, 4800, 24_000, 440);
        double p600 = goertzel(left, 4800, 24_000, 600);
        System.out.printf("opus: lookahead %d samples, 440 Hz / 600 Hz power = %.0f%n", lookahead, p440 / p600);
        assertThat(p440).isGreaterThan(1000 * p600);
        // beeps: whole seconds fall on input samples 33600 and 81600
        for (int second = 1; second <= 2; second++) {
            int expected = (int) ((second * 1_000_000L - OFFSET_MICROS) * RATE / 1_000_000L) + lookahead;
            int onset = beepOnset(left, expected);
            System.out.printf("beep %d: expected at sample %d, found at %d (%.2f ms)%n", second, expected, onset,
                    (onset - expected) * 1000.0 / RATE);
            assertThat(onset).isBetween(expected - 480, expected + 480); // 10 ms
            double inBeep = goertzel(left, expected + 240, 1920, 1000);
            double beforeBeep = goertzel(left, expected - 4800, 1920, 1000);
            assertThat(inBeep).isGreaterThan(100 * beforeBeep);
        }
    }

    /** Centre of the first 5 ms Hann window, within ±100 ms of {@code expected}, carrying half the peak 1 kHz power. */
    private static int beepOnset(double[] x, int expected) {
        int window = 240;
        int from = expected - 4800;
        int to = expected + 4800 - window;
        double[] power = new double[(to - from) / 12 + 1];
        double peak = 0;
        for (int k = 0; k < power.length; k++) {
            power[k] = hannGoertzel(x, from + k * 12, window, 1000);
            peak = Math.max(peak, power[k]);
        }
        for (int k = 0; k < power.length; k++) {
            if (power[k] >= peak / 2) {
                return from + k * 12 + window / 2;
            }
        }
        return -1;
    }

    private static double goertzel(double[] x, int start, int length, double hz) {
        return weightedGoertzel(x, start, length, hz, false);
    }

    private static double hannGoertzel(double[] x, int start, int length, double hz) {
        return weightedGoertzel(x, start, length, hz, true);
    }

    private static double weightedGoertzel(double[] x, int start, int length, double hz, boolean hann) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < length; i++) {
            double w = hann ? 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (length - 1)) : 1;
            double s0 = x[start + i] * w + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }
}
