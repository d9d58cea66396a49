package org.glasscast.media;

import java.nio.ByteBuffer;

/**
 * One I420 picture (Y, then U and V at half resolution) in three direct buffers allocated once,
 * plus the capture metadata the capture thread stamps on it.
 *
 * <p>Not thread-safe. A frame is filled by one thread and handed to another through a
 * concurrent slot (an {@code AtomicReference} or a queue); that hand-off provides the
 * happens-before edge that makes the plain metadata fields and the pixels visible to the
 * encoder thread. Do not write a frame after handing it off.
 */
public final class YuvFrame {

    private final int width;
    private final int height;
    private final ByteBuffer y;
    private final ByteBuffer u;
    private final ByteBuffer v;

    private long index;
    private long captureMicros;
    private long captureNanos;
    private boolean flash;

    /** Allocates the planes; width and height must be positive and even. */
    public YuvFrame(int width, int height) {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("frame size must be positive and even: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.y = ByteBuffer.allocateDirect(width * height);
        this.u = ByteBuffer.allocateDirect(width / 2 * (height / 2));
        this.v = ByteBuffer.allocateDirect(width / 2 * (height / 2));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The luma plane itself (not a duplicate): use absolute get/put, do not rely on its position. */
    public ByteBuffer y() {
        return y;
    }

    /** The Cb plane itself (not a duplicate), {@link #strideUV()} × height/2 bytes. */
    public ByteBuffer u() {
        return u;
    }

    /** The Cr plane itself (not a duplicate), {@link #strideUV()} × height/2 bytes. */
    public ByteBuffer v() {
        return v;
    }

    /** Plane {@code i}: 0 = Y, 1 = U, 2 = V. */
    public ByteBuffer plane(int i) {
        return switch (i) {
            case 0 -> y;
            case 1 -> u;
            case 2 -> v;
            default -> throw new IndexOutOfBoundsException("plane " + i);
        };
    }

    public int strideY() {
        return width;
    }

    public int strideUV() {
        return width / 2;
    }

    /** Frame number assigned by the capture loop. */
    public long index() {
        return index;
    }

    public YuvFrame index(long index) {
        this.index = index;
        return this;
    }

    /** Capture instant, µs since the Unix epoch (wall clock). */
    public long captureMicros() {
        return captureMicros;
    }

    public YuvFrame captureMicros(long captureMicros) {
        this.captureMicros = captureMicros;
        return this;
    }

    /** Capture instant in the {@link System#nanoTime()} domain (for local latency figures). */
    public long captureNanos() {
        return captureNanos;
    }

    public YuvFrame captureNanos(long captureNanos) {
        this.captureNanos = captureNanos;
        return this;
    }

    /** True when this frame is the white A/V sync flash of the test pattern. */
    public boolean flash() {
        return flash;
    }

    public YuvFrame flash(boolean flash) {
        this.flash = flash;
        return this;
    }
}
