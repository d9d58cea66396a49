package org.glasscast.sender.source.ffmpeg;

import org.glasscast.sender.source.FfmpegInputSpec;
import java.io.IOException;
import java.util.Map;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.AudioSource;

/**
 * Sound from an FFmpeg input: a device (PulseAudio source or monitor, ALSA) or the audio track of
 * a file or URL whose demuxer it shares with a {@link FfmpegVideoSource}. Any sample format,
 * rate and layout is resampled to 48 kHz stereo s16 and handed out in exact frames of {@link #FRAME_SAMPLES}.
 *
 * <p>Timestamps count samples from one anchor: frame n starts at {@code anchor + n * FRAME_MICROS} (plus
 * samples the ring dropped when the reader fell behind). For a live input the anchor is the
 * arrival of the first decoded samples minus their duration, i.e. when the first sample was
 * captured give or take the device's buffer; for a file it is the first sample's place on the
 * time line the video anchored ({@link FileTimeline}), and frames are released at their
 * time, so a file plays at its own speed.
 */
public final class FfmpegAudioSource implements AudioSource {

    private final MediaClock clock;
    private final FfmpegInput input;
    private final String description;
    /** A stream pts this close to now is a wall-clock stamp, not a stream position. */
    private static final long WALL_CLOCK_TOLERANCE_MICROS = 10_000_000L;

    private long anchorNanos = Long.MIN_VALUE;
    private long anchorMicros;
    private long samples;

    /**
     * Reads the audio of {@code input}. Closing this source closes the input, which also ends a
     * video source sharing it.
     */
    public FfmpegAudioSource(MediaClock clock, FfmpegInput input) {
        if (!input.hasAudio()) {
            throw new IllegalArgumentException(input.name() + " has no audio");
        }
        this.clock = clock;
        this.input = input;
        this.description = input.hasVideo() ? input.name() + " (audio)" : input.kind() + ": " + input.target();
        input.attachAudio(clock::nanoTime);
    }

    /**
     * Opens a sound device by our spelling ("default", "monitor", a PulseAudio source name,
     * "alsa:hw:0"); {@code options} go to the FFmpeg input (e.g. pulse "server").
     */
    public static FfmpegAudioSource openDevice(MediaClock clock, String spelling, Map<String, String> options)
            throws IOException {
        FfmpegInputSpec spec = DeviceInputs.audio(DeviceInputs.Os.current(), spelling);
        Map<String, String> all = new java.util.LinkedHashMap<>(spec.options());
        all.putAll(options);
        return new FfmpegAudioSource(clock, FfmpegInput.open(spec.format(), spec.url(), all, true));
    }

    @Override
    public long read(short[] pcm) throws IOException, InterruptedException {
        try {
            if (!input.readAudio(pcm)) {
                return END;
            }
        } catch (ClosedInputException e) {
            return END;
        }
        if (anchorNanos == Long.MIN_VALUE) {
            anchorNanos = input.live() ? liveAnchorNanos()
                    : input.timeline().playNanos(input.audioTrack().firstPtsMicros(), clock::nanoTime);
            anchorMicros = clock.unixMicrosAt(anchorNanos);
        }
        long position = samples + input.droppedAudioSamples();
        samples += FRAME_SAMPLES;
        long offsetMicros = position * 1_000_000L / SAMPLE_RATE;
        if (!input.live() && !input.sleepUntil(anchorNanos + offsetMicros * 1_000L, clock::nanoTime)) {
            return END;
        }
        return anchorMicros + offsetMicros;
    }

    /**
     * When the first sample of a live input was captured. Capture devices (FFmpeg's pulse and alsa
     * inputs) stamp packets with the wall clock less their recording latency: trusted when it looks
     * like a wall-clock time, since arrival time is late by whatever the device had buffered (a
     * PulseAudio monitor hands over about 200 ms at start). Otherwise arrival less duration.
     */
    private long liveAnchorNanos() {
        long arrival = input.audioTrack().firstArrivalNanos();
        long ptsMicros = input.audioTrack().firstPtsMicros();
        long nowNanos = clock.nanoTime();
        long nowMicros = clock.unixMicrosAt(nowNanos);
        if (ptsMicros > 0 && Math.abs(ptsMicros - nowMicros) < WALL_CLOCK_TOLERANCE_MICROS) {
            return nowNanos - (nowMicros - ptsMicros) * 1_000L;
        }
        return arrival;
    }

    @Override
    public long droppedFrames() {
        return droppedSamples() / FRAME_SAMPLES;
    }

    /** Samples per channel lost because this reader fell more than two seconds behind. */
    public long droppedSamples() {
        return input.droppedAudioSamples();
    }

    /** "pulse: @DEFAULT_MONITOR@", "alsa: default", "file:talk.mp4 (audio)". */
    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        input.close();
    }
}
