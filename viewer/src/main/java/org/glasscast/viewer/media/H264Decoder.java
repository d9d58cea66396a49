package org.glasscast.viewer.media;

import org.glasscast.media.Ffmpeg;
import static org.bytedeco.ffmpeg.avcodec.AVCodecContext.FF_THREAD_SLICE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
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
import org.bytedeco.javacpp.Pointer;

/**
 * H.264 decoder over FFmpeg's native "h264" decoder, set up for live: low delay, slice
 * threading only (frame threading would hold pictures back).
 *
 * <p>Access units are copied into one native buffer (with FFmpeg's input padding), grown only
 * when a larger one arrives; AVPacket and AVFrame are allocated once. Bad data is counted in
 * {@link #errors()}, never thrown. One thread.
 */
public final class H264Decoder implements AutoCloseable {

    /** Receives each decoded picture, on the decoding thread, during {@link #decode}. */
    public interface FrameSink {
        /** {@code f} is valid only until this method returns. */
        void onFrame(DecodedFrame f);
    }

    private static final int INITIAL_CAPACITY = 256 * 1024;
    private static final byte[] ZERO_PADDING = new byte[AV_INPUT_BUFFER_PADDING_SIZE];

    private final DecodedFrame view = new DecodedFrame();
    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame frame;
    private BytePointer input;
    private ByteBuffer inputView;
    private int inputCapacity;
    private long errors;
    private long decodedFrames;

    /**
     * Opens FFmpeg's H.264 decoder.
     *
     * @throws IllegalStateException when the build has no H.264 decoder or it will not open
     */
    public H264Decoder() {
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
        AVCodec codec = Ffmpeg.decoder("h264", "video");
        context = avcodec_alloc_context3(codec);
        if (context == null || context.isNull()) {
            throw new IllegalStateException("cannot allocate a codec context for 'h264'");
        }
        context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY)
                .thread_type(FF_THREAD_SLICE)
                // one thread: decoding a 720p frame takes 2-3 ms, and extra slice threads compete with
                // the sender and renderer on small machines (and do nothing for one-slice streams)
                .thread_count(1);
        Ffmpeg.check(avcodec_open2(context, codec, (AVDictionary) null),
                "opening video decoder 'h264'");
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        if (packet == null || frame == null) {
            throw new IllegalStateException("cannot allocate AVPacket/AVFrame");
        }
        ensureCapacity(INITIAL_CAPACITY);
    }

    /**
     * Decodes one access unit (Annex B) and passes every picture now available to {@code sink}.
     * Does not release or move {@code annexB}.
     *
     * @param pts carried through to {@link DecodedFrame#pts()} (e.g. the 90 kHz RTP timestamp)
     * @return false when FFmpeg rejected the data (counted in {@link #errors()})
     */
    public boolean decode(ByteBuf annexB, long pts, FrameSink sink) {
        if (context == null) {
            throw new IllegalStateException("decoder is closed");
        }
        int length = annexB.readableBytes();
        if (length == 0) {
            return true;
        }
        ensureCapacity(length);
        inputView.clear().limit(length);
        annexB.getBytes(annexB.readerIndex(), inputView);
        inputView.clear().put(length, ZERO_PADDING); // FFmpeg's bitstream readers may look past the end
        packet.data(input).size(length).pts(pts).dts(AV_NOPTS_VALUE);
        int ret = avcodec_send_packet(context, packet);
        if (ret == AVERROR_EAGAIN()) { // output was not drained: drain, then try once more
            if (!receive(sink)) {
                return false;
            }
            ret = avcodec_send_packet(context, packet);
        }
        packet.data((BytePointer) null).size(0);
        if (ret < 0) {
            errors++;
            return false;
        }
        return receive(sink);
    }

    private boolean receive(FrameSink sink) {
        while (true) {
            int ret = avcodec_receive_frame(context, frame);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return true;
            }
            if (ret < 0) {
                errors++;
                return false;
            }
            decodedFrames++;
            view.wrap(frame);
            try {
                sink.onFrame(view);
            } finally {
                view.clear();
                av_frame_unref(frame);
            }
        }
    }

    private void ensureCapacity(int length) {
        if (length <= inputCapacity) {
            return;
        }
        int capacity = Math.max(length, inputCapacity + inputCapacity / 2);
        Pointer memory = av_malloc((long) capacity + AV_INPUT_BUFFER_PADDING_SIZE);
        if (memory == null || memory.isNull()) {
            throw new OutOfMemoryError("av_malloc of " + capacity + " bytes failed");
        }
        if (input != null) {
            av_free(input);
        }
        input = new BytePointer(memory).capacity((long) capacity + AV_INPUT_BUFFER_PADDING_SIZE);
        inputView = input.asByteBuffer();
        inputCapacity = capacity;
    }

    /** Access units FFmpeg rejected, plus receive failures. */
    public long errors() {
        return errors;
    }

    /** Pictures handed to sinks so far. */
    public long decodedFrames() {
        return decodedFrames;
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
            inputCapacity = 0;
        }
    }
}
