package org.glasscast.viewer.window;

import java.nio.ByteBuffer;
import org.glasscast.viewer.media.Picture;
import org.lwjgl.system.MemoryUtil;

/**
 * One slot of the window's hand-off: a copy of a picture's planes (Y, U, V or one packed RGB) with their strides,
 * in native memory that is grown when a larger picture arrives and otherwise reused, so frames
 * allocate nothing. Owned by one thread at a time, as {@link PictureQueue} hands it over.
 */
final class YuvFrame {
    private final ByteBuffer[] planes = new ByteBuffer[3];
    private final int[] strides = new int[3];
    private int width;
    private int height;
    private int chromaWidth;
    private int chromaHeight;
    private boolean rgb;
    private boolean fullRange;
    private boolean bt709;
    private long captureMicros;
    private boolean captureMeasured;
    private long arrivalNanos;

    /**
     * Copies {@code p}'s planes (one bulk copy each, strides kept) and its metadata.
     *
     * @param captureMeasured the capture time was measured (burned-in code, abs-capture-time), not estimated
     */
    void copyFrom(Picture p, long captureMicros, boolean captureMeasured, long arrivalNanos) {
        width = p.width();
        height = p.height();
        rgb = p.packedRgb();
        chromaWidth = rgb ? 0 : p.chromaWidth();
        chromaHeight = rgb ? 0 : p.chromaHeight();
        for (int i = 0; i < (rgb ? 1 : 3); i++) {
            ByteBuffer src = p.plane(i);
            int bytes = src.limit();
            ByteBuffer dst = planes[i];
            if (dst == null || dst.capacity() < bytes) {
                dst = dst == null ? MemoryUtil.memAlloc(bytes) : MemoryUtil.memRealloc(dst, bytes);
                planes[i] = dst;
            }
            dst.clear().put(0, src, 0, bytes).limit(bytes);
            strides[i] = p.stride(i);
        }
        fullRange = p.fullRange();
        bt709 = isBt709(p.matrixCoefficients(), width, height);
        this.captureMicros = captureMicros;
        this.captureMeasured = captureMeasured;
        this.arrivalNanos = arrivalNanos;
    }

    /** BT.709 when the stream says so, BT.601 when it says that; unsaid: 709 for HD, 601 for SD (as players guess). */
    static boolean isBt709(int matrixCoefficients, int width, int height) {
        return switch (matrixCoefficients) {
            case 1 -> true;
            case 5, 6 -> false;
            default -> width >= 1280 || height > 576;
        };
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Samples per row of plane {@code i}. */
    int planeWidth(int i) {
        return i == 0 ? width : chromaWidth;
    }

    /** Rows of plane {@code i}. */
    int planeHeight(int i) {
        return i == 0 ? height : chromaHeight;
    }

    /** Plane {@code i}: position 0, limit its byte count. */
    ByteBuffer plane(int i) {
        return planes[i];
    }

    int stride(int i) {
        return strides[i];
    }

    /** Plane 0 is packed R, G, B (no planes 1, 2): shown as it is, no matrix. */
    boolean rgb() {
        return rgb;
    }

    boolean fullRange() {
        return fullRange;
    }

    boolean bt709() {
        return bt709;
    }

    /** µs since the epoch, or ≤ 0 when unknown. */
    long captureMicros() {
        return captureMicros;
    }

    /** Whether {@link #captureMicros()} is measured, so that capture → on screen is a true latency. */
    boolean captureMeasured() {
        return captureMeasured;
    }

    long arrivalNanos() {
        return arrivalNanos;
    }

    void free() {
        for (int i = 0; i < 3; i++) {
            if (planes[i] != null) {
                MemoryUtil.memFree(planes[i]);
                planes[i] = null;
            }
        }
    }
}
