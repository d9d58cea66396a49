package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.glasscast.media.Ffmpeg;
import org.glasscast.sender.source.AudioSource;

/**
 * Decoded audio of any format, resampled by swresample to 48 kHz stereo s16 and kept in a
 * bounded ring of samples allocated once; a full ring drops its oldest samples and counts them.
 * Not thread-safe: {@link FfmpegInput} guards it with its lock.
 */
final class AudioRing implements AutoCloseable {
    private static final int CHANNELS = AudioSource.CHANNELS;
    /** Output samples per channel per swr_convert call. */
    private static final int CHUNK = 4096;

    private final short[] ring;
    private final short[] scratch = new short[CHUNK * CHANNELS];
    private final ShortPointer out = new ShortPointer((long) CHUNK * CHANNELS);
    private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(1);
    private final AVChannelLayout stereo = new AVChannelLayout();
    private SwrContext swr;
    private int head;
    private int size;
    private long droppedSamples;

    /** A ring of {@code capacityFrames} samples per channel. */
    AudioRing(int capacityFrames) {
        ring = new short[capacityFrames * CHANNELS];
        outPlanes.put(0, out);
        av_channel_layout_default(stereo, CHANNELS);
    }

    /** Resamples and appends one decoded frame; returns the samples per channel appended. */
    int write(AVFrame frame) {
        if (swr == null) {
            open(frame);
        }
        int total = 0;
        PointerPointer<?> in = frame.extended_data();
        int inCount = frame.nb_samples();
        while (true) {
            int n = swr_convert(swr, outPlanes, CHUNK, in, inCount);
            if (n < 0) {
                throw new IllegalStateException("resampling audio failed: " + Ffmpeg.describe(n));
            }
            append(n);
            total += n;
            if (n < CHUNK) {
                return total;
            }
            in = null; // drain what swresample still buffers
            inCount = 0;
        }
    }

    private void open(AVFrame frame) {
        SwrContext context = new SwrContext(null); // in-out: must start as NULL
        int ret = swr_alloc_set_opts2(context, stereo, AV_SAMPLE_FMT_S16, AudioSource.SAMPLE_RATE,
                frame.ch_layout(), frame.format(), frame.sample_rate(), 0, null);
        Ffmpeg.check(ret, "configuring resampler");
        swr = context;
        Ffmpeg.check(swr_init(swr), "opening resampler");
    }

    private void append(int samples) {
        int values = samples * CHANNELS;
        out.get(scratch, 0, values);
        int overflow = size + values - ring.length;
        if (overflow > 0) {
            head = (head + overflow) % ring.length;
            size -= overflow;
            droppedSamples += overflow / CHANNELS;
        }
        int tail = (head + size) % ring.length;
        int first = Math.min(values, ring.length - tail);
        System.arraycopy(scratch, 0, ring, tail, first);
        System.arraycopy(scratch, first, ring, 0, values - first);
        size += values;
    }

    /** Samples per channel ready. */
    int available() {
        return size / CHANNELS;
    }

    /** Moves {@code pcm.length} values (interleaved) into {@code pcm}; the caller checked {@link #available}. */
    void read(short[] pcm) {
        int first = Math.min(pcm.length, ring.length - head);
        System.arraycopy(ring, head, pcm, 0, first);
        System.arraycopy(ring, 0, pcm, first, pcm.length - first);
        head = (head + pcm.length) % ring.length;
        size -= pcm.length;
    }

    /** Samples per channel dropped because the reader fell behind. */
    long droppedSamples() {
        return droppedSamples;
    }

    @Override
    public void close() {
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
        av_channel_layout_uninit(stereo);
        stereo.close();
        outPlanes.close();
        out.close();
    }
}
