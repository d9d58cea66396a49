package org.glasscast.protocol.raw;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Moves one line segment between planes and RFC 4175 pgroup order, through reusable arrays: a
 * segment is read with one bulk copy, re-ordered in plain arrays, and written with one bulk copy
 * per plane row, so the cost per pixel stays a few array moves (a 160x120 stream at 1000 fps is
 * 19 million pixels a second on the receiver's event loop). Allocates nothing after construction.
 * Not thread-safe: one per packetizer or depacketizer.
 *
 * <p>YCbCr-4:2:0 (as GStreamer's rtpvrawpay/rtpvrawdepay lay it out): header line L (even) with
 * pixel offset X holds, for each pair of columns c = X, X+2, ..., the pgroup
 * Y[L][c] Y[L][c+1] Y[L+1][c] Y[L+1][c+1] Cb[L/2][c/2] Cr[L/2][c/2]. RGB: R G B per pixel.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4175#section-4.3">RFC 4175 §4.3</a>
 */
final class RawLayout {
    private final RawFormat format;
    /** One segment in wire order: at most a whole line's pgroups. */
    private final byte[] wire;
    /** 4:2:0 only: the segment's part of the two luma rows and the chroma row. */
    private final byte[] top;
    private final byte[] bottom;
    private final byte[] cb;
    private final byte[] cr;

    RawLayout(RawFormat format) {
        this.format = format;
        int pgroups = format.pgroupsPerLine();
        this.wire = new byte[pgroups * format.pgroupBytes()];
        boolean yuv = format.sampling() != RawSampling.RGB;
        this.top = yuv ? new byte[pgroups * 2] : null;
        this.bottom = yuv ? new byte[pgroups * 2] : null;
        this.cb = yuv ? new byte[pgroups] : null;
        this.cr = yuv ? new byte[pgroups] : null;
    }

    /**
     * Appends {@code pgroups} pgroups of header line {@code line} from pixel {@code offset} to {@code out}.
     * Indices were checked by {@link RawPlanes#check}.
     */
    void pack(RawPlanes src, int line, int offset, int pgroups, ByteBuf out) {
        if (format.sampling() == RawSampling.RGB) {
            int n = pgroups * 3;
            src.y().get(line * src.yStride() + offset * 3, wire, 0, n);
            out.writeBytes(wire, 0, n);
            return;
        }
        int y0 = line * src.yStride() + offset;
        int c = offset / 2;
        src.y().get(y0, top, 0, pgroups * 2);
        src.y().get(y0 + src.yStride(), bottom, 0, pgroups * 2);
        src.u().get(line / 2 * src.uStride() + c, cb, 0, pgroups);
        src.v().get(line / 2 * src.vStride() + c, cr, 0, pgroups);
        byte[] w = wire;
        for (int g = 0, i = 0; g < pgroups; g++, i += 6) {
            w[i] = top[2 * g];             // Y00
            w[i + 1] = top[2 * g + 1];     // Y01
            w[i + 2] = bottom[2 * g];      // Y10
            w[i + 3] = bottom[2 * g + 1];  // Y11
            w[i + 4] = cb[g];              // Cb00
            w[i + 5] = cr[g];              // Cr00
        }
        out.writeBytes(w, 0, pgroups * 6);
    }

    /**
     * Copies {@code pgroups} pgroups at {@code in[index]} into a frame buffer laid out as
     * {@link RawFormat#planeOffset} says. Line, offset and count were checked against the format.
     */
    void unpack(ByteBuf in, int index, int line, int offset, int pgroups, ByteBuf frame) {
        if (format.sampling() == RawSampling.RGB) {
            frame.setBytes(line * format.planeStride(0) + offset * 3, in, index, pgroups * 3);
            return;
        }
        byte[] w = wire;
        in.getBytes(index, w, 0, pgroups * 6);
        for (int g = 0, i = 0; g < pgroups; g++, i += 6) {
            top[2 * g] = w[i];
            top[2 * g + 1] = w[i + 1];
            bottom[2 * g] = w[i + 2];
            bottom[2 * g + 1] = w[i + 3];
            cb[g] = w[i + 4];
            cr[g] = w[i + 5];
        }
        int yStride = format.planeStride(0);
        int y0 = line * yStride + offset;
        int c = line / 2 * format.planeStride(1) + offset / 2;
        frame.setBytes(y0, top, 0, pgroups * 2);
        frame.setBytes(y0 + yStride, bottom, 0, pgroups * 2);
        frame.setBytes(format.planeOffset(1) + c, cb, 0, pgroups);
        frame.setBytes(format.planeOffset(2) + c, cr, 0, pgroups);
    }
}
