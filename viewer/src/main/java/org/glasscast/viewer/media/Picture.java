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

    /** Samples per row of planes 1 and 2: half the width rounded up for 4:2:0 and 4:2:2, the width for 4:4:4. */
    default int chromaWidth() {
        return (width() + 1) / 2;
    }

    /** Rows of planes 1 and 2: half the height rounded up for 4:2:0, the height for 4:2:2 and 4:4:4. */
    default int chromaHeight() {
        return (height() + 1) / 2;
    }

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
