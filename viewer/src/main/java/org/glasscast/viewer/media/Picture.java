package org.glasscast.viewer.media;

import java.nio.ByteBuffer;

/**
 * A picture ready to show or check: a decoded H.264 frame, or an uncompressed RFC 4175 frame.
 * Planar YUV 4:2:0 (planes 0, 1, 2), or one packed RGB plane ({@link #packedRgb()}); a view
 * valid only during the sink's callback.
 */
public interface Picture {
    int width();

    int height();

    /** Plane {@code i} (0 = Y, 1 = U, 2 = V) from its first row; absolute reads only. */
    ByteBuffer plane(int i);

    /** Bytes from one row of plane {@code i} to the next. */
    int stride(int i);

    /** Plane 0 holds R, G, B octets per pixel and there are no planes 1 and 2 (RFC 4175 RGB sampling). */
    default boolean packedRgb() {
        return false;
    }

    /** Full-range (JPEG) levels rather than limited (16-235). */
    boolean fullRange();

    /**
     * The colour matrix as ITU-T H.273 MatrixCoefficients (1 = BT.709, 5 or 6 = BT.601), or 2
     * (unspecified) when the stream does not say; FFmpeg's AVColorSpace uses the same numbers.
     */
    default int matrixCoefficients() {
        return 2;
    }
}
