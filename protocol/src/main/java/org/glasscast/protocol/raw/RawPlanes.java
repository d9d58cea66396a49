package org.glasscast.protocol.raw;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A picture to send, as the sender holds it: I420 planes (Y, Cb, Cr) or one packed RGB plane,
 * each with its stride. Read with absolute indices from 0; positions, limits and byte order are
 * ignored and never changed. The buffers stay the caller's.
 *
 * @param y luma plane, or the packed R-G-B plane
 * @param u Cb plane; null for RGB
 * @param v Cr plane; null for RGB
 */
public record RawPlanes(ByteBuffer y, int yStride, ByteBuffer u, int uStride, ByteBuffer v, int vStride) {
    public RawPlanes {
        Objects.requireNonNull(y, "y");
        if (yStride < 1 || (u != null && uStride < 1) || (v != null && vStride < 1)) {
            throw new IllegalArgumentException("stride must be positive");
        }
    }

    /** Three I420 planes. */
    public static RawPlanes i420(ByteBuffer y, int yStride, ByteBuffer u, int uStride, ByteBuffer v, int vStride) {
        return new RawPlanes(y, yStride, Objects.requireNonNull(u, "u"), uStride, Objects.requireNonNull(v, "v"),
                vStride);
    }

    /** One packed RGB plane, 3 octets per pixel. */
    public static RawPlanes rgb(ByteBuffer rgb, int stride) {
        return new RawPlanes(rgb, stride, null, 0, null, 0);
    }

    /** Whether the planes hold a whole picture of {@code format}; checked once per frame, not per line. */
    void check(RawFormat format) {
        int w = format.width();
        int h = format.height();
        if (format.sampling() == RawSampling.RGB) {
            require(y, yStride, w * 3, h, "rgb");
            return;
        }
        if (u == null || v == null) {
            throw new IllegalArgumentException("YCbCr-4:2:0 needs Y, Cb and Cr planes");
        }
        require(y, yStride, w, h, "y");
        require(u, uStride, w / 2, h / 2, "u");
        require(v, vStride, w / 2, h / 2, "v");
    }

    private static void require(ByteBuffer plane, int stride, int lineBytes, int lines, String name) {
        if (stride < lineBytes || plane.capacity() < (long) stride * (lines - 1) + lineBytes) {
            throw new IllegalArgumentException("plane " + name + " too small: stride " + stride + ", capacity "
                    + plane.capacity() + " for " + lines + " lines of " + lineBytes);
        }
    }
}
