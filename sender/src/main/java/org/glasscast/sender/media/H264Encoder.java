package org.glasscast.sender.media;

import org.glasscast.media.YuvFrame;
import org.glasscast.media.Ffmpeg;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * H.264 encoder over FFmpeg's C API (libx264 by default), tuned for live: ultrafast,
 * zerolatency, no B-frames, SPS/PPS in-band before every IDR, Annex B output, 1 s VBV.
 *
 * <p>Timestamps are the 90 kHz capture clock ({@code captureMicros * 9 / 100}), so the stream
 * is variable-frame-rate; the fps setting is only a rate-control hint. The AVFrame and
 * AVPacket are allocated once; each encoded picture is copied into a pooled ByteBuf.
 *
 * <p>The preset/tune/profile/x264-params options apply to libx264 only; another encoder name
 * (libopenh264, h264_nvenc, …) gets just the generic AVCodecContext settings, and whether it
 * repeats SPS/PPS in-band is then up to it.
 *
 * <p>{@link #encode} and {@link #close} belong to one thread (the encoder thread);
 * {@link #requestKeyframe} may be called from any thread.
 */
public final class H264Encoder implements AutoCloseable {

    private static final int PENDING = 64; // pictures in flight inside the encoder, at most

    private final EncoderSettings settings;
    private final AtomicBoolean keyframeRequested = new AtomicBoolean();
    private final ByteBuffer[] planeViews = new ByteBuffer[3];
    private final long[] pendingPts = new long[PENDING];
    private final long[] pendingIndex = new long[PENDING];
    private final long[] pendingMicros = new long[PENDING];
    private long pendingNext;

    /** x264's default quality target; the VBV ceiling (the configured bit rate) still bounds every second. */
    private static final int CRF = 23;

    private AVCodecContext context;
    private AVFrame frame;
    private AVPacket packet;
    private long viewsAddress;
    private long lastPts = Long.MIN_VALUE;
    private long encodedFrames;

    private H264Encoder(EncoderSettings settings) {
        this.settings = settings;
    }

    /**
     * Opens the encoder named in the settings.
     *
     * @throws IllegalStateException when this FFmpeg build has no such encoder or it will not open
     */
    public static H264Encoder open(EncoderSettings settings) {
        H264Encoder encoder = new H264Encoder(settings);
        boolean success = false;
        try {
            encoder.init();
            success = true;
            return encoder;
        } finally {
            if (!success) {
                encoder.close();
            }
        }
    }

    private void init() {
        String name = settings.encoderName();
        AVCodec codec = Ffmpeg.encoder(name, "video");
        context = avcodec_alloc_context3(codec);
        if (context == null || context.isNull()) {
            throw new IllegalStateException("cannot allocate a codec context for '" + name + "'");
        }
        long bitsPerSecond = settings.bitrateKbps() * 1000L;
        context.width(settings.width())
                .height(settings.height())
                .pix_fmt(AV_PIX_FMT_YUV420P)
                .time_base(av_make_q(1, 90_000))
                .framerate(av_make_q(settings.fps(), 1))
                .rc_max_rate(bitsPerSecond)
                .rc_buffer_size((int) Math.min(Integer.MAX_VALUE, bitsPerSecond))
                .gop_size(settings.keyframeIntervalFrames())
                .keyint_min(settings.keyframeIntervalFrames())
                .max_b_frames(0)
                // say what the pixels are: our I420 comes from swscale's default (BT.601, limited
                // range) whatever the size, and a player left to guess takes BT.709 for HD
                .colorspace(avutil.AVCOL_SPC_SMPTE170M)
                .color_primaries(avutil.AVCOL_PRI_SMPTE170M)
                .color_trc(avutil.AVCOL_TRC_SMPTE170M)
                .color_range(avutil.AVCOL_RANGE_MPEG)
                // sliced threads cut latency on many cores; on a 2-core machine shared with a viewer one
                // thread costs half the CPU of two for the same wall time (measured at 720p: 7.5 vs 8.6 ms)
                .thread_count(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() / 2)));
        AVDictionary options = new AVDictionary(null);
        try {
            if (name.equals(EncoderSettings.DEFAULT_ENCODER)) {
                av_dict_set(options, "preset", "ultrafast", 0);
                av_dict_set(options, "tune", "zerolatency", 0);
                av_dict_set(options, "profile", "baseline", 0);
                av_dict_set(options, "forced-idr", "1", 0);
                // capped CRF: a quality target with the bit rate as ceiling (VBV), so easy or static
                // content costs few bits and little CPU instead of being coded near-losslessly
                av_dict_set(options, "crf", String.valueOf(CRF), 0);
                av_dict_set(options, "x264-params", "repeat-headers=1:scenecut=0:annexb=1", 0);
            }
            Ffmpeg.check(avcodec_open2(context, codec, options), "opening video encoder '" + name + "'");
        } finally {
            av_dict_free(options);
        }
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        if (frame == null || packet == null) {
            throw new IllegalStateException("cannot allocate AVFrame/AVPacket");
        }
        frame.format(AV_PIX_FMT_YUV420P).width(settings.width()).height(settings.height());
        Ffmpeg.check(av_frame_get_buffer(frame, 0), "allocating the video frame");
    }

    public EncoderSettings settings() {
        return settings;
    }

    /** Makes the next {@link #encode} produce an IDR (with SPS/PPS). Any thread. */
    public void requestKeyframe() {
        keyframeRequested.set(true);
    }

    /** Encoded pictures handed to sinks so far. */
    public long encodedFrames() {
        return encodedFrames;
    }

    /**
     * Encodes one picture and hands every packet now available to {@code sink}, on this thread,
     * before returning (with zerolatency, exactly one). The sink owns each frame it receives.
     */
    public void encode(YuvFrame picture, Consumer<EncodedVideoFrame> sink) {
        if (context == null) {
            throw new IllegalStateException("encoder is closed");
        }
        if (picture.width() != settings.width() || picture.height() != settings.height()) {
            throw new IllegalArgumentException("picture is " + picture.width() + "x" + picture.height()
                    + ", encoder is " + settings.width() + "x" + settings.height());
        }
        Ffmpeg.check(av_frame_make_writable(frame), "making the video frame writable");
        copyPlanes(picture);
        long pts = Math.floorDiv(picture.captureMicros() * 9, 100);
        if (lastPts != Long.MIN_VALUE && pts <= lastPts) {
            pts = lastPts + 1;
        }
        lastPts = pts;
        frame.pts(pts);
        frame.pict_type(keyframeRequested.getAndSet(false) ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        int slot = (int) (pendingNext++ % PENDING);
        pendingPts[slot] = pts;
        pendingIndex[slot] = picture.index();
        pendingMicros[slot] = picture.captureMicros();
        Ffmpeg.check(avcodec_send_frame(context, frame), "sending a picture to the encoder");
        drain(sink);
    }

    private void copyPlanes(YuvFrame picture) {
        long address = frame.data(0).address();
        if (address != viewsAddress) { // first call, or av_frame_make_writable moved the buffers
            for (int i = 0; i < 3; i++) {
                int rows = i == 0 ? settings.height() : settings.height() / 2;
                planeViews[i] = frame.data(i).capacity((long) frame.linesize(i) * rows).asByteBuffer();
            }
            viewsAddress = address;
        }
        for (int i = 0; i < 3; i++) {
            int rows = i == 0 ? picture.height() : picture.height() / 2;
            int stride = i == 0 ? picture.strideY() : picture.strideUV();
            int linesize = frame.linesize(i);
            ByteBuffer src = picture.plane(i);
            ByteBuffer dst = planeViews[i];
            if (linesize == stride) {
                dst.put(0, src, 0, stride * rows);
            } else {
                for (int row = 0; row < rows; row++) {
                    dst.put(row * linesize, src, row * stride, stride);
                }
            }
        }
    }

    private void drain(Consumer<EncodedVideoFrame> sink) {
        while (true) {
            int ret = avcodec_receive_packet(context, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            Ffmpeg.check(ret, "receiving an encoded picture");
            EncodedVideoFrame out;
            try {
                out = toFrame(packet);
            } finally {
                av_packet_unref(packet);
            }
            encodedFrames++;
            sink.accept(out);
        }
    }

    private EncodedVideoFrame toFrame(AVPacket p) {
        int size = p.size();
        long pts = p.pts();
        long index = -1;
        long micros = pts * 100 / 9;
        for (int back = 1; back <= PENDING && back <= pendingNext; back++) {
            int slot = (int) ((pendingNext - back) % PENDING);
            if (pendingPts[slot] == pts) {
                index = pendingIndex[slot];
                micros = pendingMicros[slot];
                break;
            }
        }
        ByteBuf content = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        boolean success = false;
        try {
            content.writeBytes(p.data().capacity(size).asByteBuffer());
            EncodedVideoFrame out = new EncodedVideoFrame(content, index, micros, pts,
                    (p.flags() & AV_PKT_FLAG_KEY) != 0);
            success = true;
            return out;
        } finally {
            if (!success) {
                content.release();
            }
        }
    }

    /** Frees the native encoder; pending pictures are dropped (live: nothing is flushed). */
    @Override
    public void close() {
        Ffmpeg.free(context, frame, packet);
        context = null;
        frame = null;
        packet = null;
    }
}
