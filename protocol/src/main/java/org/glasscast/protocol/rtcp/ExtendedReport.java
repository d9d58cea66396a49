package org.glasscast.protocol.rtcp;

import java.util.List;

/**
 * Extended report (XR): report blocks beyond those of SR/RR. The codec keeps the two a receiver
 * needs for its round-trip time, RRTR and DLRR; other blocks are skipped by their length.
 *
 * <pre>
 * |V=2|P|reserved |   PT=XR=207   |             length            |
 * |                              SSRC                             |
 * :                         report blocks                         :
 * </pre>
 *
 * Each block:
 *
 * <pre>
 * |      BT       | type-specific |         block length          |
 * :             type-specific block contents                      :
 * </pre>
 *
 * <p>Block length counts the block's 32-bit words, header included, minus one.
 *
 * @param ssrc the sender of this XR
 * @param blocks at most what the 16-bit length field can hold
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3611#section-2">RFC 3611 §2, §3</a>
 */
public record ExtendedReport(long ssrc, List<Block> blocks) implements RtcpPacket {
    /** The length field counts words minus one; the header and SSRC take 2. */
    static final int MAX_BLOCK_WORDS = 0xFFFF - 1;

    public ExtendedReport {
        Fields.checkUnsigned32("ssrc", ssrc);
        blocks = List.copyOf(blocks);
        long words = blocks.stream().mapToLong(Block::words).sum();
        if (words > MAX_BLOCK_WORDS) {
            throw new IllegalArgumentException("XR blocks of " + words + " words overflow the RTCP length field");
        }
    }

    @Override
    public int packetType() {
        return XR;
    }

    /** One XR report block the codec reads and writes. */
    public sealed interface Block permits ReceiverReferenceTime, Dlrr {
        /** BT on the wire. */
        int blockType();

        /** 32-bit words on the wire, the block header included. */
        int words();
    }
}
