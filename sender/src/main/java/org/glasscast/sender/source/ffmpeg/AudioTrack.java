package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;

import java.io.IOException;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.glasscast.media.Ffmpeg;

/**
 * The audio stream of an input: its decoder, a reused frame, and (once enabled) the ring that
 * holds its samples as 48 kHz stereo s16. Remembers when its first samples arrived and their
 * stream time, which anchor the audio source's timestamps. Guarded by {@link FfmpegInput}'s lock.
 */
final class AudioTrack implements AutoCloseable {
    /** Two seconds: a reader further behind loses the oldest samples. */
    private static final int RING_FRAMES = 2 * 48_000;

    private final AVCodecContext decoder;
    private final AVFrame frame = av_frame_alloc();
    private final double timeBaseMicros;
    private AudioRing ring;
    private LongSupplier nanoTime;
    private long firstPtsMicros = Long.MIN_VALUE;
    private long firstArrivalNanos;
    private boolean closed;

    AudioTrack(AVStream stream, boolean live, String name) throws IOException {
        this.decoder = Decoders.open(stream, live, name);
        this.timeBaseMicros = 1e6 * stream.time_base().num() / stream.time_base().den();
    }

    /** Starts keeping samples; until then packets are dropped undecoded. */
    void enable(LongSupplier nanoTime) {
        if (ring == null) {
            ring = new AudioRing(RING_FRAMES);
            this.nanoTime = nanoTime;
        }
    }

    boolean enabled() {
        return ring != null;
    }

    /** Decodes one packet into the ring; a corrupt packet is skipped. */
    void decode(AVPacket packet) {
        if (ring == null || avcodec_send_packet(decoder, packet) < 0) {
            return;
        }
        while (avcodec_receive_frame(decoder, frame) >= 0) {
            if (firstPtsMicros == Long.MIN_VALUE) {
                long durationNanos = frame.nb_samples() * 1_000_000_000L / Math.max(1, frame.sample_rate());
                firstArrivalNanos = nanoTime.getAsLong() - durationNanos;
                long pts = frame.best_effort_timestamp();
                firstPtsMicros = pts == AV_NOPTS_VALUE ? 0 : Math.round(pts * timeBaseMicros);
            }
            ring.write(frame);
        }
    }

    /** After a seek. */
    void flush() {
        avcodec_flush_buffers(decoder);
    }

    AudioRing ring() {
        return ring;
    }

    /** Stream time of the first decoded sample in µs, or Long.MIN_VALUE before any. */
    long firstPtsMicros() {
        return firstPtsMicros;
    }

    /** Arrival of the first decoded samples minus their duration: when the first sample was captured. */
    long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Ffmpeg.free(decoder, frame, null);
        if (ring != null) {
            ring.close();
        }
    }
}
