package org.glasscast.sender.media;

/**
 * The test audio of {@code --audio test} (DESIGN.md §5): 48 kHz stereo s16, a continuous
 * 440 Hz tone at about -20 dBFS plus a 1000 Hz beep at about -6 dBFS for 50 ms from every
 * whole second of capture time, to the sample.
 *
 * <p>The 440 Hz phase carries over from call to call. The beep is a function of each sample's
 * capture time alone, starting at phase 0 on the second, so a receiver can find the onset.
 * Not thread-safe.
 */
public final class ToneGenerator {

    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    public static final double TONE_HZ = 440;
    public static final double BEEP_HZ = 1000;
    public static final int BEEP_MILLIS = 50;

    private static final double TONE_AMPLITUDE = 0.1 * Short.MAX_VALUE; // -20 dBFS
    private static final double BEEP_AMPLITUDE = 0.5 * Short.MAX_VALUE; // -6 dBFS
    /** Time unit for sample positions: 1/48 µs, so that one sample is exactly 1000 units. */
    private static final long UNITS_PER_MICRO = SAMPLE_RATE / 1000;
    private static final long UNITS_PER_SAMPLE = 1000;
    private static final long UNITS_PER_SECOND = 1_000_000L * UNITS_PER_MICRO;
    private static final long BEEP_UNITS = BEEP_MILLIS * 1000L * UNITS_PER_MICRO;
    private static final double TONE_STEP = 2 * Math.PI * TONE_HZ / SAMPLE_RATE;

    private double tonePhase;

    public ToneGenerator() {
    }

    /**
     * Writes {@code samplesPerChannel} stereo frames, interleaved L R L R, into the start of
     * {@code interleaved}.
     *
     * @param firstSampleCaptureMicros capture time of the first sample, µs since the epoch; the
     *        sample at index i is at {@code firstSampleCaptureMicros + i * 1e6 / 48000}
     */
    public void fill(short[] interleaved, int samplesPerChannel, long firstSampleCaptureMicros) {
        if (interleaved.length < samplesPerChannel * CHANNELS) {
            throw new IllegalArgumentException("buffer holds " + interleaved.length / CHANNELS
                    + " stereo samples, asked for " + samplesPerChannel);
        }
        long firstUnits = firstSampleCaptureMicros * UNITS_PER_MICRO;
        for (int i = 0; i < samplesPerChannel; i++) {
            double value = TONE_AMPLITUDE * Math.sin(tonePhase);
            tonePhase += TONE_STEP;
            if (tonePhase >= 2 * Math.PI) {
                tonePhase -= 2 * Math.PI;
            }
            long intoSecond = Math.floorMod(firstUnits + i * UNITS_PER_SAMPLE, UNITS_PER_SECOND);
            if (intoSecond < BEEP_UNITS) {
                double seconds = intoSecond / (double) UNITS_PER_SECOND;
                value += BEEP_AMPLITUDE * Math.sin(2 * Math.PI * BEEP_HZ * seconds);
            }
            short s = (short) Math.round(value);
            interleaved[2 * i] = s;
            interleaved[2 * i + 1] = s;
        }
    }
}
