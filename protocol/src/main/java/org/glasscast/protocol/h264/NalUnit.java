package org.glasscast.protocol.h264;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * NAL unit types and Annex B byte-stream splitting.
 *
 * <pre>
 * +---------------+
 * |0|1|2|3|4|5|6|7|
 * +-+-+-+-+-+-+-+-+
 * |F|NRI|  Type   |
 * +---------------+
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184#section-1.3">RFC 6184 §1.3</a>
 */
public final class NalUnit {
    public static final int SLICE = 1;
    public static final int IDR = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int AUD = 9;
    /** Single-time aggregation packet, RFC 6184 §5.7.1. */
    public static final int STAP_A = 24;
    public static final int STAP_B = 25;
    public static final int MTAP16 = 26;
    public static final int MTAP24 = 27;
    /** Fragmentation unit, RFC 6184 §5.8. */
    public static final int FU_A = 28;
    public static final int FU_B = 29;

    private NalUnit() {
    }

    /** The 5-bit type of a NAL header byte. */
    public static int type(int headerByte) {
        return headerByte & 0x1F;
    }

    /** The 2-bit nal_ref_idc of a NAL header byte, in place (0x00, 0x20, 0x40 or 0x60). */
    public static int nri(int headerByte) {
        return headerByte & 0x60;
    }

    /**
     * Calls {@code nal} with each NAL unit of an Annex B byte stream, without its start code.
     * Splits on 3- and 4-byte start codes (00 00 01, 00 00 00 01); bytes before the first start
     * code are skipped; trailing zero bytes before a start code or the end are dropped, as a NAL
     * unit never ends in 00 (H.264 §7.4.1.2.4); empty NAL units are skipped.
     *
     * @param annexB read from readerIndex to writerIndex; indices are not moved, not released
     * @param nal receives slices of {@code annexB}, not retained: valid while annexB is
     * @see <a href="https://www.itu.int/rec/T-REC-H.264">H.264 Annex B</a>
     */
    public static void forEachInAnnexB(ByteBuf annexB, Consumer<ByteBuf> nal) {
        int end = annexB.writerIndex();
        int start = nextStartCode(annexB, annexB.readerIndex(), end);
        while (start >= 0) {
            int begin = start + 3;
            int next = nextStartCode(annexB, begin, end);
            int stop = next < 0 ? end : next;
            while (stop > begin && annexB.getByte(stop - 1) == 0) {
                stop--; // trailing_zero_8bits or the leading zero of a 4-byte start code
            }
            if (stop > begin) {
                nal.accept(annexB.slice(begin, stop - begin));
            }
            start = next;
        }
    }

    /** Index of the next 00 00 01 in [from, end), or -1. */
    private static int nextStartCode(ByteBuf buf, int from, int end) {
        int i = from;
        while (i + 2 < end) {
            byte third = buf.getByte(i + 2);
            if (third > 1 || third < 0) {
                i += 3; // no start code can include this byte as its 1st, 2nd or 3rd
            } else if (third == 1 && buf.getByte(i) == 0 && buf.getByte(i + 1) == 0) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }
}
