package org.glasscast.sender.media;

import org.glasscast.media.YuvFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.glasscast.protocol.pattern.PatternCode;

/**
 * The moving test picture of {@code --source test} (DESIGN.md §5): colour bars over the top
 * half, a diagonal gradient scrolling over the bottom half, a white box sliding horizontally,
 * and the {@link PatternCode} at the top-left on neutral chroma. Positions follow the capture
 * time, not the frame index, so the motion is true to time at any frame rate.
 *
 * <p>Rows are written with absolute bulk puts from rows prepared in the constructor; drawing
 * allocates nothing frame-sized. Not thread-safe (one instance per capture thread).
 */
public final class TestPattern {

    /** 75 % colour bars, BT.601 limited range: white, yellow, cyan, green, magenta, red, blue, black. */
    private static final int[][] BARS_YUV = {
            {180, 128, 128}, {162, 44, 142}, {131, 156, 44}, {112, 72, 58},
            {84, 184, 198}, {65, 100, 212}, {35, 212, 114}, {16, 128, 128}};
    private static final int GRADIENT_PERIOD = 256;
    private static final int GRADIENT_PX_PER_SECOND = 120;
    private static final byte WHITE = (byte) 235;
    private static final byte NEUTRAL = (byte) 128;

    private final int width;
    private final int height;
    private final int chromaWidth;
    private final int split;
    private final int boxSize;
    private final int boxTop;
    private final int boxPxPerSecond;
    private final PatternCode.Geometry code;

    private final byte[] barY;
    private final byte[] barU;
    private final byte[] barV;
    private final byte[] gradientY;
    private final byte[] gradientU;
    private final byte[] gradientV;
    private final byte[] whiteY;
    private final byte[] neutralChroma;

    /** Prepares the rows; width and height must be even and large enough for the code. */
    public TestPattern(int width, int height) {
        if ((width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("frame size must be even: " + width + "x" + height);
        }
        this.code = PatternCode.geometry(width, height);
        this.width = width;
        this.height = height;
        this.chromaWidth = width / 2;
        this.split = (height / 2) & ~1;
        this.boxSize = Math.max(8, height / 5) & ~1;
        this.boxTop = (height / 2 - boxSize / 2) & ~1;
        this.boxPxPerSecond = Math.max(1, width / 4);

        barY = new byte[width];
        barU = new byte[chromaWidth];
        barV = new byte[chromaWidth];
        for (int x = 0; x < width; x++) {
            int[] yuv = BARS_YUV[x * BARS_YUV.length / width];
            barY[x] = (byte) yuv[0];
            if ((x & 1) == 0) {
                barU[x / 2] = (byte) yuv[1];
                barV[x / 2] = (byte) yuv[2];
            }
        }
        gradientY = new byte[width + GRADIENT_PERIOD];
        for (int i = 0; i < gradientY.length; i++) {
            int phase = i % GRADIENT_PERIOD;
            int triangle = phase < GRADIENT_PERIOD / 2 ? phase : GRADIENT_PERIOD - phase; // 0..128
            gradientY[i] = (byte) (16 + triangle * (235 - 16) / (GRADIENT_PERIOD / 2));
        }
        int chromaPeriod = GRADIENT_PERIOD / 2;
        gradientU = new byte[chromaWidth + chromaPeriod];
        gradientV = new byte[chromaWidth + chromaPeriod];
        for (int i = 0; i < gradientU.length; i++) {
            double angle = 2 * Math.PI * (i % chromaPeriod) / chromaPeriod;
            gradientU[i] = (byte) Math.round(128 + 80 * Math.sin(angle));
            gradientV[i] = (byte) Math.round(128 + 80 * Math.cos(angle));
        }
        whiteY = new byte[width];
        Arrays.fill(whiteY, WHITE);
        neutralChroma = new byte[chromaWidth];
        Arrays.fill(neutralChroma, NEUTRAL);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Draws one picture into {@code f} and stamps nothing else on it (the caller sets the
     * frame's metadata). With {@code flash} everything but the code is white.
     */
    public void draw(YuvFrame f, long frameIndex, long captureMicros, boolean flash) {
        if (f.width() != width || f.height() != height) {
            throw new IllegalArgumentException("frame is " + f.width() + "x" + f.height()
                    + ", pattern is " + width + "x" + height);
        }
        ByteBuffer y = f.y();
        ByteBuffer u = f.u();
        ByteBuffer v = f.v();
        int strideY = f.strideY();
        int strideUV = f.strideUV();
        if (flash) {
            fillRows(y, strideY, 0, height, whiteY, 0, width);
            fillRows(u, strideUV, 0, height / 2, neutralChroma, 0, chromaWidth);
            fillRows(v, strideUV, 0, height / 2, neutralChroma, 0, chromaWidth);
        } else {
            drawBackground(y, u, v, strideY, strideUV, captureMicros);
            drawBox(y, u, v, strideY, strideUV, captureMicros);
        }
        // neutral chroma under the code, so it stays black and white
        int codeChromaWidth = code.widthPixels() / 2;
        fillRows(u, strideUV, code.originY() / 2, code.heightPixels() / 2, neutralChroma, code.originX() / 2,
                codeChromaWidth);
        fillRows(v, strideUV, code.originY() / 2, code.heightPixels() / 2, neutralChroma, code.originX() / 2,
                codeChromaWidth);
        PatternCode.draw(y, strideY, width, height, frameIndex, captureMicros);
    }

    private void drawBackground(ByteBuffer y, ByteBuffer u, ByteBuffer v, int strideY, int strideUV, long micros) {
        fillRows(y, strideY, 0, split, barY, 0, width);
        fillRows(u, strideUV, 0, split / 2, barU, 0, chromaWidth);
        fillRows(v, strideUV, 0, split / 2, barV, 0, chromaWidth);
        int shift = (int) Math.floorMod(micros / 1000 * GRADIENT_PX_PER_SECOND / 1000, (long) GRADIENT_PERIOD);
        for (int row = split; row < height; row++) {
            // each row starts one pixel further along: a diagonal that scrolls with time
            y.put(row * strideY, gradientY, (shift + row) % GRADIENT_PERIOD, width);
        }
        int chromaPeriod = GRADIENT_PERIOD / 2;
        for (int row = split / 2; row < height / 2; row++) {
            int start = (shift / 2 + row) % chromaPeriod;
            u.put(row * strideUV, gradientU, start, chromaWidth);
            v.put(row * strideUV, gradientV, start, chromaWidth);
        }
    }

    private void drawBox(ByteBuffer y, ByteBuffer u, ByteBuffer v, int strideY, int strideUV, long micros) {
        int travel = width - boxSize;
        if (travel <= 0) {
            return;
        }
        int left = (int) Math.floorMod(micros / 1000 * boxPxPerSecond / 1000, (long) travel) & ~1;
        fillRows(y, strideY, boxTop, boxSize, whiteY, left, boxSize);
        fillRows(u, strideUV, boxTop / 2, boxSize / 2, neutralChroma, left / 2, boxSize / 2);
        fillRows(v, strideUV, boxTop / 2, boxSize / 2, neutralChroma, left / 2, boxSize / 2);
    }

    /** Copies {@code length} bytes of {@code row} (from its start) into rows [first, first+count) at column x. */
    private static void fillRows(ByteBuffer plane, int stride, int first, int count, byte[] row, int x, int length) {
        for (int r = first; r < first + count; r++) {
            plane.put(r * stride + x, row, 0, length);
        }
    }
}
