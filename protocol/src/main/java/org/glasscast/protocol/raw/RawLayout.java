package org.glasscast.protocol.raw;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Moves one line segment between planes and RFC 4175 pgroup order; allocates nothing.
 *
 * <p>YCbCr-4:2:0 (as GStreamer's rtpvrawpay/rtpvrawdepay lay it out): header line L (even) with
 * pixel offset X holds, for each pair of columns c = X, X+2, ..., the pgroup
 * Y[L][c] Y[L][c+1] Y[L+1][c] Y[L+1][c+1] Cb[L/2][c/2] Cr[L/2][c/2]. RGB: R G B per pixel.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4175#section-4.3">RFC 4175 §4.3</a>
 */
final class RawLayout {
    private RawLayout() {
    }

    /**
     * Appends {@code pgroups} pgroups of header line {@code line} from pixel {@code offset} to {@code out}.
     * Indices were checked by {@link RawPlanes#check}.
     */
    static void pack(RawSampling sampling, RawPlanes src, int line, int offset, int pgroups, ByteBuf out) {
        if (sampling == RawSampling.RGB) {
            ByteBuffer rgb = src.y();
            int from = line * src.yStride() + offset * 3;
            int to = from + pgroups * 3;
            for (int i = from; i < to; i++) {
                out.writeByte(rgb.get(i));
            }
            return;
        }
        ByteBuffer y = src.y();
        ByteBuffer u = src.u();
        ByteBuffer v = src.v();
        int y0 = line * src.yStride() + offset;
        int y1 = y0 + src.yStride();
        int c = offset / 2;
        int ui = line / 2 * src.uStride() + c;
        int vi = line / 2 * src.vStride() + c;
        for (int g = 0; g < pgroups; g++) {
            int top = (y.get(y0) & 0xFF) << 8 | y.get(y0 + 1) & 0xFF;
            int bottom = (y.get(y1) & 0xFF) << 8 | y.get(y1 + 1) & 0xFF;
            out.writeInt(top << 16 | bottom);                          // Y00 Y01 Y10 Y11
            out.writeShort((u.get(ui + g) & 0xFF) << 8 | v.get(vi + g) & 0xFF); // Cb00 Cr00
            y0 += 2;
            y1 += 2;
        }
    }

    /**
     * Copies {@code pgroups} pgroups at {@code in[index]} into a frame buffer laid out as
     * {@link RawFormat#planeOffset} says. Line, offset and count were checked against the format.
     */
    static void unpack(RawFormat format, ByteBuf in, int index, int line, int offset, int pgroups, ByteBuf frame) {
        if (format.sampling() == RawSampling.RGB) {
            frame.setBytes(line * format.planeStride(0) + offset * 3, in, index, pgroups * 3);
            return;
        }
        int yStride = format.planeStride(0);
        int cStride = format.planeStride(1);
        int y0 = line * yStride + offset;
        int y1 = y0 + yStride;
        int c = line / 2 * cStride + offset / 2;
        int ui = format.planeOffset(1) + c;
        int vi = format.planeOffset(2) + c;
        for (int g = 0; g < pgroups; g++) {
            int lumas = in.getInt(index);
            frame.setShort(y0, lumas >>> 16);        // Y00 Y01
            frame.setShort(y1, lumas);               // Y10 Y11
            frame.setByte(ui + g, in.getByte(index + 4)); // Cb00
            frame.setByte(vi + g, in.getByte(index + 5)); // Cr00
            index += 6;
            y0 += 2;
            y1 += 2;
        }
    }
}
