package org.glasscast.sender.media;

import org.glasscast.media.Ffmpeg;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_SAMPLE_FORMAT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_supported_config;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Opus encoder (FFmpeg's "libopus") for 48 kHz stereo in 10 ms frames, application lowdelay.
 *
 * <p>Every {@link #FRAME_SAMPLES}-sample input yields exactly one packet, from the first call on.
 * The codec's algorithmic delay ({@link #lookaheadSamples()}, 120 samples = 2.5 ms with lowdelay
 * at any frame size) shows up in the decoded audio: sample n of the input comes out at n +
 * lookahead. Timestamps are the caller's. One thread; AVFrame and AVPacket are allocated once.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6716#section-2.1.4">RFC 6716 §2.1.4 (frame durations)</a>
 */
public final class OpusEncoder implements AutoCloseable {

    public static final String ENCODER = "libopus";
    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    /**
     * Samples per channel in one packet: 10 ms, the SDP's {@code a=ptime}. 10 ms less delay than
     * 20 ms frames for 50 more packets a second; 5 ms would save 5 ms more for 100 more, whose
     * RTP/UDP/IP headers (56 B each) would weigh almost as much as the sound at 96 kbit/s.
     */
    public static final int FRAME_SAMPLES = 480;
    /** One frame's duration, µs. */
    public static final long FRAME_MICROS = FRAME_SAMPLES * 1_000_000L / SAMPLE_RATE;
    public static final int DEFAULT_BITRATE = 96_000;

    private AVCodecContext context;
    private AVFrame frame;
    private AVPacket packet;
    private int sampleFormat;
    private float[] floats;
    private long samplesIn;

    private OpusEncoder() {
    }

    /**
     * Opens libopus at the given bitrate (bits per second, e.g. {@link #DEFAULT_BITRATE}).
     *
     * @throws IllegalStateException when this FFmpeg build has no libopus or it will not open
     */
    public static OpusEncoder open(int bitrateBitsPerSecond) {
        OpusEncoder encoder = new OpusEncoder();
        boolean success = false;
        try {
            encoder.init(bitrateBitsPerSecond);
            success = true;
            return encoder;
        } finally {
            if (!success) {
                encoder.close();
            }
        }
    }

    private void init(int bitrate) {
        AVCodec codec = Ffmpeg.encoder(ENCODER, "audio");
        context = avcodec_alloc_context3(codec);
        if (context == null || context.isNull()) {
            throw new IllegalStateException("cannot allocate a codec context for '" + ENCODER + "'");
        }
        sampleFormat = pickSampleFormat(codec);
        context.sample_rate(SAMPLE_RATE).sample_fmt(sampleFormat).bit_rate(bitrate)
                .time_base(av_make_q(1, SAMPLE_RATE));
        av_channel_layout_default(context.ch_layout(), CHANNELS);
        AVDictionary options = new AVDictionary(null);
        try {
            av_dict_set(options, "application", "lowdelay", 0);
            av_dict_set(options, "frame_duration", Double.toString(FRAME_SAMPLES * 1000.0 / SAMPLE_RATE), 0); // ms
            Ffmpeg.check(avcodec_open2(context, codec, options), "opening audio encoder '" + ENCODER + "'");
        } finally {
            av_dict_free(options);
        }
        if (context.frame_size() != FRAME_SAMPLES) {
            throw new IllegalStateException(ENCODER + " chose a frame size of " + context.frame_size()
                    + " samples, expected " + FRAME_SAMPLES);
        }
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        if (frame == null || packet == null) {
            throw new IllegalStateException("cannot allocate AVFrame/AVPacket");
        }
        frame.format(sampleFormat).nb_samples(FRAME_SAMPLES).sample_rate(SAMPLE_RATE);
        Ffmpeg.check(av_channel_layout_copy(frame.ch_layout(), context.ch_layout()), "copying the channel layout");
        Ffmpeg.check(av_frame_get_buffer(frame, 0), "allocating the audio frame");
        if (sampleFormat == AV_SAMPLE_FMT_FLT) {
            floats = new float[FRAME_SAMPLES * CHANNELS];
        }
    }

    /** Interleaved s16 if the encoder takes it (libopus does: s16 and flt), else interleaved float. */
    private int pickSampleFormat(AVCodec codec) {
        PointerPointer<?> list = new PointerPointer<>(1);
        IntPointer count = new IntPointer(1);
        try {
            Ffmpeg.check(avcodec_get_supported_config(context, codec, AV_CODEC_CONFIG_SAMPLE_FORMAT, 0, list,
                    count), "asking " + ENCODER + " for its sample formats");
            if (list.get(0) == null) {
                return AV_SAMPLE_FMT_S16; // no list: anything goes
            }
            IntPointer formats = new IntPointer(list.get(0)).capacity(count.get());
            boolean flt = false;
            for (int i = 0; i < count.get(); i++) {
                if (formats.get(i) == AV_SAMPLE_FMT_S16) {
                    return AV_SAMPLE_FMT_S16;
                }
                flt |= formats.get(i) == AV_SAMPLE_FMT_FLT;
            }
            if (flt) {
                return AV_SAMPLE_FMT_FLT;
            }
            throw new IllegalStateException(ENCODER + " takes neither s16 nor flt samples");
        } finally {
            list.close();
            count.close();
        }
    }

    /** Samples of delay the encoder adds (FFmpeg's initial_padding); the decoder output lags by this. */
    public int lookaheadSamples() {
        return context.initial_padding();
    }

    /**
     * Encodes one frame of interleaved stereo (the first {@link #FRAME_SAMPLES} x {@link #CHANNELS}
     * values of {@code interleaved}).
     *
     * @return one Opus packet in a pooled ByteBuf that the caller releases, or null if the encoder
     *         produced nothing for this input
     */
    public ByteBuf encode(short[] interleaved) {
        if (context == null) {
            throw new IllegalStateException("encoder is closed");
        }
        if (interleaved.length < FRAME_SAMPLES * CHANNELS) {
            throw new IllegalArgumentException("need " + FRAME_SAMPLES * CHANNELS + " samples, got " + interleaved.length);
        }
        Ffmpeg.check(av_frame_make_writable(frame), "making the audio frame writable");
        if (sampleFormat == AV_SAMPLE_FMT_S16) {
            new ShortPointer(frame.data(0)).put(interleaved, 0, FRAME_SAMPLES * CHANNELS);
        } else {
            for (int i = 0; i < floats.length; i++) {
                floats[i] = interleaved[i] / 32768f;
            }
            new FloatPointer(frame.data(0)).put(floats, 0, floats.length);
        }
        frame.pts(samplesIn);
        samplesIn += FRAME_SAMPLES;
        Ffmpeg.check(avcodec_send_frame(context, frame), "sending audio to the encoder");
        int ret = avcodec_receive_packet(context, packet);
        if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
            return null;
        }
        Ffmpeg.check(ret, "receiving an Opus packet");
        int size = packet.size();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        boolean success = false;
        try {
            out.writeBytes(packet.data().capacity(size).asByteBuffer());
            success = true;
            return out;
        } finally {
            av_packet_unref(packet);
            if (!success) {
                out.release();
            }
        }
    }

    @Override
    public void close() {
        Ffmpeg.free(context, frame, packet);
        context = null;
        frame = null;
        packet = null;
    }
}
