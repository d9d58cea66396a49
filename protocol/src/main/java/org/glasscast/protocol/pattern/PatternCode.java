package org.glasscast.protocol.pattern;

import java.nio.ByteBuffer;

/**
 * The burned-in code of the test pattern: frame index and capture time as large black/white
 * blocks in the luma plane, read back from decoded pictures (DESIGN.md §5).
 *
 * <p>128 bits, most significant first, row-major in 4 rows × 32 columns of square blocks at
 * the top-left corner of the picture:
 * <pre>
 *   bits   0..15   sync 0xA5C3
 *   bits  16..47   frame index (low 32 bits)
 *   bits  48..111  capture time, µs since the Unix epoch
 *   bits 112..127  CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the 12 data bytes
 * </pre>
 * Block size is {@code max(2, width / 40)} rounded down to even (1280 → 32 px, 160 → 4 px).
 * Black is luma 16, white 235 (limited range). Each block is read by averaging its central
 * half and thresholding at 128, so blurred block edges after H.264 do not matter.
 */
public final class PatternCode {

    public static final int COLUMNS = 32;
    public static final int ROWS = 4;
    public static final int BITS = COLUMNS * ROWS;
    public static final int SYNC = 0xA5C3;
    public static final byte BLACK = 16;
    public static final byte WHITE = (byte) 235;
    private static final int THRESHOLD = 128;

    /** Where the code sits in a picture of a given size; all values in luma pixels. */
    public record Geometry(int blockSize, int originX, int originY, int columns, int rows) {
        public int widthPixels() {
            return blockSize * columns;
        }

        public int heightPixels() {
            return blockSize * rows;
        }
    }

    /** What {@link #read} found: the frame index (0..2^32-1) and the capture time. */
    public record Reading(long frameIndex, long captureMicros) {
    }

    private PatternCode() {
    }

    /** Geometry of the code for a picture; throws IllegalArgumentException if it does not fit. */
    public static Geometry geometry(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("picture size must be positive: " + width + "x" + height);
        }
        int block = Math.max(2, width / 40) & ~1;
        if (block * COLUMNS > width || block * ROWS > height) {
            throw new IllegalArgumentException("picture " + width + "x" + height + " too small for the pattern code ("
                    + block * COLUMNS + "x" + block * ROWS + " px)");
        }
        return new Geometry(block, 0, 0, COLUMNS, ROWS);
    }

    /**
     * Draws the code into the luma plane with absolute puts (the buffer's position and limit are
     * not changed).
     *
     * @param frameIndex only the low 32 bits are stored
     */
    public static void draw(ByteBuffer luma, int stride, int width, int height, long frameIndex, long captureMicros) {
        Geometry g = geometry(width, height);
        checkPlane(luma, stride, width, g);
        boolean[] bits = encode(frameIndex, captureMicros);
        int bs = g.blockSize();
        byte[] line = new byte[g.widthPixels()];
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLUMNS; col++) {
                java.util.Arrays.fill(line, col * bs, (col + 1) * bs, bits[row * COLUMNS + col] ? WHITE : BLACK);
            }
            int y0 = g.originY() + row * bs;
            for (int y = y0; y < y0 + bs; y++) {
                luma.put(y * stride + g.originX(), line);
            }
        }
    }

    /** Reads the code back, or returns null when the sync word or the check does not match. */
    public static Reading read(ByteBuffer luma, int stride, int width, int height) {
        Geometry g = geometry(width, height);
        checkPlane(luma, stride, width, g);
        int bs = g.blockSize();
        int inset = bs / 4;
        int span = Math.max(1, bs / 2);
        long hi = 0; // bits 0..63
        long lo = 0; // bits 64..127
        for (int i = 0; i < BITS; i++) {
            int x0 = g.originX() + (i % COLUMNS) * bs + inset;
            int y0 = g.originY() + (i / COLUMNS) * bs + inset;
            int sum = 0;
            for (int y = y0; y < y0 + span; y++) {
                int base = y * stride + x0;
                for (int x = 0; x < span; x++) {
                    sum += luma.get(base + x) & 0xff;
                }
            }
            long bit = sum >= THRESHOLD * span * span ? 1 : 0;
            if (i < 64) {
                hi = (hi << 1) | bit;
            } else {
                lo = (lo << 1) | bit;
            }
        }
        int sync = (int) (hi >>> 48);
        long index = (hi >>> 16) & 0xFFFF_FFFFL;
        long micros = (hi << 48) | (lo >>> 16);
        int check = (int) (lo & 0xFFFF);
        if (sync != SYNC || check != crc16(index, micros)) {
            return null;
        }
        return new Reading(index, micros);
    }

    /** The 128 code bits, most significant first. */
    static boolean[] encode(long frameIndex, long captureMicros) {
        long index = frameIndex & 0xFFFF_FFFFL;
        long hi = ((long) SYNC << 48) | (index << 16) | (captureMicros >>> 48);
        long lo = (captureMicros << 16) | crc16(index, captureMicros);
        boolean[] bits = new boolean[BITS];
        for (int i = 0; i < 64; i++) {
            bits[i] = ((hi >>> (63 - i)) & 1) != 0;
            bits[64 + i] = ((lo >>> (63 - i)) & 1) != 0;
        }
        return bits;
    }

    /** CRC-16/CCITT-FALSE over the 12 data bytes: index (4, big-endian) then micros (8). */
    static int crc16(long index, long captureMicros) {
        int crc = 0xFFFF;
        for (int i = 0; i < 12; i++) {
            int b = i < 4 ? (int) (index >>> (24 - 8 * i)) : (int) (captureMicros >>> (56 - 8 * (i - 4)));
            crc ^= (b & 0xff) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    private static void checkPlane(ByteBuffer luma, int stride, int width, Geometry g) {
        if (stride < width) {
            throw new IllegalArgumentException("stride " + stride + " < width " + width);
        }
        long needed = (long) (g.originY() + g.heightPixels() - 1) * stride + g.originX() + g.widthPixels();
        if (luma.limit() < needed) {
            throw new IllegalArgumentException("luma plane too small: " + luma.limit() + " < " + needed + " bytes");
        }
    }
}
