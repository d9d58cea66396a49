package org.glasscast.viewer.media;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_count_planes;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A decoded picture as a view over the decoder's AVFrame.
 *
 * <p>Valid only during {@link H264Decoder.FrameSink#onFrame}: the decoder reuses this object
 * and the native buffers for the next picture. Copy (or upload) the planes before returning;
 * never hand this object to another thread.
 */
public final class DecodedFrame implements Picture {

    private final ByteBuffer[] planes = new ByteBuffer[4];
    private AVFrame frame;
    private int planeCount;
    private int chromaShiftW;
    private int chromaShiftH;

    DecodedFrame() {
    }

    /** Points this view at {@code f} (the decoder's frame, just received). */
    void wrap(AVFrame f) {
        this.frame = f;
        int format = f.format();
        this.planeCount = Math.max(0, av_pix_fmt_count_planes(format));
        this.chromaShiftW = planeCount > 1 ? av_pix_fmt_desc_get(format).log2_chroma_w() : 0;
        this.chromaShiftH = planeCount > 1 ? av_pix_fmt_desc_get(format).log2_chroma_h() : 0;
        Arrays.fill(planes, null);
    }

    /** Detaches the view once the callback has returned. */
    void clear() {
        frame = null;
        planeCount = 0;
        Arrays.fill(planes, null);
    }

    @Override
    public int width() {
        return live().width();
    }

    @Override
    public int height() {
        return live().height();
    }

    /** The pts given to {@link H264Decoder#decode} with the access unit this picture came from. */
    public long pts() {
        long pts = live().pts();
        return pts != AV_NOPTS_VALUE ? pts : frame.best_effort_timestamp();
    }

    /** FFmpeg pixel format, an {@code AV_PIX_FMT_*} value (usually YUV420P or YUVJ420P). */
    public int pixelFormat() {
        return live().format();
    }

    /** True for full-range (JPEG, 0..255) samples: YUVJ formats or color_range JPEG. */
    @Override
    public boolean fullRange() {
        int format = live().format();
        return frame.color_range() == AVCOL_RANGE_JPEG || format == AV_PIX_FMT_YUVJ420P
                || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P;
    }

    /** The stream's colour matrix as the decoder read it from the SPS VUI (AVCOL_SPC_*, H.273 numbers). */
    @Override
    public int matrixCoefficients() {
        return live().colorspace();
    }

    /** True for 4:2:0 planar YUV in either range, the layout the renderer expects. */
    public boolean isYuv420() {
        int format = live().format();
        return format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P;
    }

    /** True when the decoder marked this picture a keyframe (AV_FRAME_FLAG_KEY). */
    public boolean keyframe() {
        return (live().flags() & AVFrame.AV_FRAME_FLAG_KEY) != 0;
    }

    public int planeCount() {
        return planeCount;
    }

    /** Bytes from one row of plane {@code i} to the next (FFmpeg's linesize, ≥ the plane width). */
    @Override
    public int stride(int i) {
        checkPlane(i);
        return live().linesize(i);
    }

    @Override
    public int chromaWidth() {
        return -((-live().width()) >> chromaShiftW);
    }

    @Override
    public int chromaHeight() {
        return -((-live().height()) >> chromaShiftH);
    }

    /** Rows in plane {@code i}. */
    public int planeHeight(int i) {
        checkPlane(i);
        int h = live().height();
        return i == 0 || i == 3 ? h : -((-h) >> chromaShiftH);
    }

    /**
     * A direct view over plane {@code i} (0 = Y, 1 = U, 2 = V) of {@code stride(i) * planeHeight(i)}
     * bytes, position 0. Same lifetime as this frame.
     */
    @Override
    public ByteBuffer plane(int i) {
        checkPlane(i);
        ByteBuffer view = planes[i];
        if (view == null) {
            view = live().data(i).capacity((long) stride(i) * planeHeight(i)).asByteBuffer();
            planes[i] = view;
        }
        return view.clear();
    }

    private void checkPlane(int i) {
        if (i < 0 || i >= planeCount) {
            throw new IndexOutOfBoundsException("plane " + i + " of " + planeCount);
        }
    }

    private AVFrame live() {
        if (frame == null) {
            throw new IllegalStateException("DecodedFrame used outside the onFrame callback");
        }
        return frame;
    }

    @Override
    public String toString() {
        return frame == null ? "DecodedFrame(detached)"
                : "DecodedFrame(" + width() + "x" + height() + ", pts=" + pts() + ", format=" + pixelFormat()
                        + (keyframe() ? ", key" : "") + ")";
    }
}
