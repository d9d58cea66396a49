package org.glasscast.sender.source;

import java.io.IOException;
import org.glasscast.sender.media.OpusEncoder;

/**
 * Where the sender's sound comes from: the test tone, a microphone, what the machine plays. Every
 * source delivers frames of {@link #FRAME_MICROS} (10 ms) of 48 kHz stereo signed 16-bit
 * interleaved PCM (what Opus takes, one packet each), and times them by the sample count anchored
 * once to the shared clock, so audio cannot drift from video: frame n of a source starts at
 * {@code anchor + n * FRAME_MICROS}.
 *
 * <p>One thread (the audio thread) calls {@link #read}; {@link #close} may come from another.
 */
public interface AudioSource extends AutoCloseable {
    int SAMPLE_RATE = 48_000;
    int CHANNELS = 2;
    /** Samples per channel in one frame: one Opus packet's worth (10 ms). */
    int FRAME_SAMPLES = OpusEncoder.FRAME_SAMPLES;
    long FRAME_MICROS = OpusEncoder.FRAME_MICROS;
    /** {@link #read}'s answer when the input has ended. */
    long END = -1;

    /**
     * Blocks until the next frame fills {@code pcm} ({@link #FRAME_SAMPLES} x {@link #CHANNELS}
     * values) and returns the wall-clock capture time of its first sample (µs since the epoch), or
     * {@link #END}.
     *
     * @throws IOException with a one-line message when the device fails
     */
    long read(short[] pcm) throws IOException, InterruptedException;

    /**
     * Frames lost before {@link #read} could hand them out: jumped over after a long stall,
     * or dropped by a device buffer that overflowed. Any thread.
     */
    long droppedFrames();

    /** What is being captured ("test tone", "pulse: default"). */
    String describe();

    @Override
    void close();
}
