package org.glasscast.viewer.media;

import org.glasscast.media.Ffmpeg;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Opus decoder (FFmpeg's "libopus", the reference decoder) to 48 kHz stereo interleaved s16.
 * Bad packets are counted in {@link #errors()}, never thrown. One thread; native buffers are
 * allocated once.
 */
public final class OpusDecoder implements AutoCloseable {

    public static final String DECODER = "libopus";
    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    /** The longest Opus packet is 120 ms: size {@code out} for this many samples per channel. */
    public static final int MAX_SAMPLES_PER_CHANNEL = 5760;
    private static final int MAX_PACKET_BYTES = 48 * 1275 + 2 * 48; // 120 ms of 2.5 ms frames, RFC 6716 §3.2.5
    private static final int PADDING = AV_INPUT_BUFFER_PADDING_SIZE;
    private static final byte[] ZERO_PADDING = new byte[PADDING];

    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame frame;
    private BytePointer input;
    private ByteBuffer inputView;
    private float[] floats;
    private long errors;

    /**
     * Opens libopus for 48 kHz stereo.
     *
     * @throws IllegalStateException when this FFmpeg build has no libopus decoder
     */
    public OpusDecoder() {
        boolean success = false;
        try {
            init();
            success = true;
        } finally {
            if (!success) {
                close();
            }
        }
    }

    private void init() {
        AVCodec codec = Ffmpeg.decoder(DECODER, "audio");
        context = avcodec_alloc_context3(codec);
        if (context == null || context.isNull()) {
            throw new IllegalStateException("cannot allocate a codec context for '" + DECODER + "'");
        }
        context.sample_rate(SAMPLE_RATE).request_sample_fmt(AV_SAMPLE_FMT_S16);
        av_channel_layout_default(context.ch_layout(), CHANNELS);
        Ffmpeg.check(avcodec_open2(context, codec, (AVDictionary) null), "opening audio decoder '" + DECODER + "'");
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        Pointer memory = av_malloc(MAX_PACKET_BYTES + PADDING);
        if (packet == null || frame == null || memory == null || memory.isNull()) {
            if (memory != null && !memory.isNull()) {
                av_free(memory);
            }
            throw new IllegalStateException("cannot allocate AVPacket/AVFrame/packet buffer");
        }
        input = new BytePointer(memory).capacity(MAX_PACKET_BYTES + PADDING);
        inputView = input.asByteBuffer();
    }

    /**
     * Decodes one Opus packet into {@code out} as interleaved stereo s16. Does not release or move
     * {@code packet}. Samples beyond the capacity of {@code out} are dropped and counted as an error.
     *
     * @return samples per channel written, or -1 when the packet was rejected
     */
    public int decode(ByteBuf opus, short[] out) {
        if (context == null) {
            throw new IllegalStateException("decoder is closed");
        }
        int length = opus.readableBytes();
        if (length == 0 || length > MAX_PACKET_BYTES) {
            errors++;
            return -1;
        }
        inputView.clear().limit(length);
        opus.getBytes(opus.readerIndex(), inputView);
        inputView.clear().put(length, ZERO_PADDING);
        packet.data(input).size(length);
        int ret = avcodec_send_packet(context, packet);
        packet.data((BytePointer) null).size(0);
        if (ret < 0) {
            errors++;
            return -1;
        }
        int written = 0;
        while (true) {
            ret = avcodec_receive_frame(context, frame);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return written;
            }
            if (ret < 0) {
                errors++;
                return -1;
            }
            try {
                written += copyOut(out, written);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    /** Copies the received frame to {@code out} after {@code done} samples per channel. */
    private int copyOut(short[] out, int done) {
        int room = out.length / CHANNELS - done;
        int n = Math.min(frame.nb_samples(), room);
        if (n < frame.nb_samples()) {
            errors++;
        }
        if (n <= 0) {
            return 0;
        }
        int channels = frame.ch_layout().nb_channels();
        int format = frame.format();
        int offset = done * CHANNELS;
        if (format == AV_SAMPLE_FMT_S16 && channels == CHANNELS) {
            new ShortPointer(frame.data(0)).get(out, offset, n * CHANNELS);
        } else if (format == AV_SAMPLE_FMT_FLT || format == AV_SAMPLE_FMT_FLTP
                || format == AV_SAMPLE_FMT_S16 || format == AV_SAMPLE_FMT_S16P) {
            boolean planar = format == AV_SAMPLE_FMT_FLTP || format == AV_SAMPLE_FMT_S16P;
            boolean isFloat = format == AV_SAMPLE_FMT_FLT || format == AV_SAMPLE_FMT_FLTP;
            for (int c = 0; c < CHANNELS; c++) {
                int source = Math.min(c, channels - 1); // mono: both sides the same
                readChannel(out, offset, n, planar, isFloat, channels, source, c);
            }
        } else {
            errors++;
            return 0;
        }
        return n;
    }

    private void readChannel(short[] out, int offset, int n, boolean planar, boolean isFloat, int channels,
            int source, int target) {
        int step = planar ? 1 : channels;
        int first = planar ? 0 : source;
        BytePointer data = planar ? frame.extended_data(source) : frame.data(0);
        if (floats == null || floats.length < n * step) {
            floats = new float[Math.max(n * step, MAX_SAMPLES_PER_CHANNEL * CHANNELS)];
        }
        if (isFloat) {
            new FloatPointer(data).get(floats, 0, n * step);
            for (int i = 0; i < n; i++) {
                float v = floats[first + i * step] * 32768f;
                out[offset + i * CHANNELS + target] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
            }
        } else {
            ShortPointer shorts = new ShortPointer(data);
            for (int i = 0; i < n; i++) {
                out[offset + i * CHANNELS + target] = shorts.get(first + (long) i * step);
            }
        }
    }

    /** Packets rejected, plus output that did not fit or had an unexpected format. */
    public long errors() {
        return errors;
    }

    /** Samples of delay the decoder reports (pre-skip; 0 without an OpusHead). */
    public int delaySamples() {
        return context.delay();
    }

    @Override
    public void close() {
        Ffmpeg.free(context, frame, packet);
        context = null;
        frame = null;
        packet = null;
        if (input != null) {
            av_free(input);
            input = null;
            inputView = null;
        }
    }
}
