package org.glasscast.protocol.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes RTCP compound packets. Every packet starts with the common header:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/SC/FMT |      PT     |  length (32-bit words - 1)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4">RFC 3550 §6.4</a>
 */
public final class RtcpCodec {
    private static final int HEADER_LENGTH = 4;
    private static final int SR_SENDER_INFO_LENGTH = 4 + 20; // SSRC + sender info
    private static final int FEEDBACK_LENGTH = 8;            // sender SSRC + media SSRC

    private RtcpCodec() {
    }

    /** Version 2 and a packet type in 192..223: RTCP, not RTP, on a muxed port (RFC 5761 §4). */
    public static boolean looksLikeRtcp(ByteBuf p) {
        if (p.readableBytes() < HEADER_LENGTH) {
            return false;
        }
        int type = p.getUnsignedByte(p.readerIndex() + 1);
        return p.getUnsignedByte(p.readerIndex()) >> 6 == 2 && type >= 192 && type <= 223;
    }

    /**
     * The packets of a compound packet, in order; APP and unknown types are skipped, SDES chunks
     * without a CNAME too, and XR blocks other than RRTR and DLRR.
     *
     * @param compound read from readerIndex to writerIndex; indices untouched, not released
     * @throws RtcpException on a wrong version, a truncated packet or a length that overruns (an XR
     *     block's included), or a NACK/FIR whose FCI is not whole entries
     */
    public static List<RtcpPacket> decode(ByteBuf compound) {
        int i = compound.readerIndex();
        int end = compound.writerIndex();
        if (i == end) {
            throw new RtcpException("empty RTCP packet");
        }
        List<RtcpPacket> packets = new ArrayList<>();
        while (i < end) {
            if (end - i < HEADER_LENGTH) {
                throw new RtcpException("truncated RTCP header: " + (end - i) + " bytes");
            }
            int first = compound.getUnsignedByte(i);
            if (first >> 6 != 2) {
                throw new RtcpException("RTCP version " + (first >> 6));
            }
            int count = first & 0x1F;
            int type = compound.getUnsignedByte(i + 1);
            int length = (compound.getUnsignedShort(i + 2) + 1) * 4;
            if (length > end - i) {
                throw new RtcpException("RTCP packet type " + type + " length " + length + " overruns " + (end - i));
            }
            int bodyEnd = i + length;
            if ((first & 0x20) != 0) {
                int padding = compound.getUnsignedByte(bodyEnd - 1);
                if (padding == 0 || padding > length - HEADER_LENGTH) {
                    throw new RtcpException("RTCP padding " + padding + " in a " + length + "-byte packet");
                }
                bodyEnd -= padding;
            }
            decodeOne(compound, type, count, i, bodyEnd, packets);
            i += length;
        }
        return packets;
    }

    private static void decodeOne(ByteBuf buf, int type, int count, int start, int end, List<RtcpPacket> out) {
        int body = start + HEADER_LENGTH;
        switch (type) {
            case RtcpPacket.SR -> {
                need(type, SR_SENDER_INFO_LENGTH + count * ReportBlock.LENGTH, end - body);
                out.add(new SenderReport(buf.getUnsignedInt(body), buf.getLong(body + 4), buf.getUnsignedInt(body + 12),
                        buf.getUnsignedInt(body + 16), buf.getUnsignedInt(body + 20),
                        reportBlocks(buf, body + SR_SENDER_INFO_LENGTH, count)));
            }
            case RtcpPacket.RR -> {
                need(type, 4 + count * ReportBlock.LENGTH, end - body);
                out.add(new ReceiverReport(buf.getUnsignedInt(body), reportBlocks(buf, body + 4, count)));
            }
            case RtcpPacket.SDES -> sourceDescriptions(buf, count, start, end, out);
            case RtcpPacket.BYE -> {
                need(type, 4 * count, end - body);
                List<Long> ssrcs = new ArrayList<>(count);
                for (int k = 0; k < count; k++) {
                    ssrcs.add(buf.getUnsignedInt(body + 4 * k));
                }
                out.add(new Goodbye(ssrcs));
            }
            case RtcpPacket.RTPFB, RtcpPacket.PSFB -> {
                need(type, FEEDBACK_LENGTH, end - body);
                out.add(new FeedbackMessage(type, count, buf.getUnsignedInt(body), buf.getUnsignedInt(body + 4),
                        feedbackControl(buf, type, count, body + FEEDBACK_LENGTH, end)));
            }
            case RtcpPacket.XR -> out.add(ExtendedReportCodec.decode(buf, body, end));
            default -> {
                // APP and the rest: not ours to read
            }
        }
    }

    /** The FCI of a generic NACK or a FIR: whole entries to the end; any other format's is not read. */
    private static List<FciEntry> feedbackControl(ByteBuf buf, int type, int format, int index, int end) {
        boolean nack = type == RtcpPacket.RTPFB && format == FeedbackMessage.GENERIC_NACK;
        boolean fir = type == RtcpPacket.PSFB && format == FeedbackMessage.FIR;
        if (!nack && !fir) {
            return List.of();
        }
        int entryLength = nack ? NackEntry.LENGTH : FirEntry.LENGTH;
        if ((end - index) % entryLength != 0) {
            throw new RtcpException("feedback PT " + type + " FMT " + format + ": FCI of " + (end - index)
                    + " bytes is not whole " + entryLength + "-byte entries");
        }
        List<FciEntry> entries = new ArrayList<>((end - index) / entryLength); // bounded by the bytes present
        for (int j = index; j < end; j += entryLength) {
            entries.add(nack ? new NackEntry(buf.getUnsignedShort(j), buf.getUnsignedShort(j + 2))
                    : new FirEntry(buf.getUnsignedInt(j), buf.getUnsignedByte(j + 4))); // 24 reserved bits ignored
        }
        return entries;
    }

    private static List<ReportBlock> reportBlocks(ByteBuf buf, int index, int count) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int j = index + k * ReportBlock.LENGTH;
            blocks.add(new ReportBlock(buf.getUnsignedInt(j), buf.getUnsignedByte(j + 4),
                    buf.getMedium(j + 5), // signed 24-bit
                    buf.getUnsignedInt(j + 8), buf.getUnsignedInt(j + 12), buf.getUnsignedInt(j + 16),
                    buf.getUnsignedInt(j + 20)));
        }
        return blocks;
    }

    /** SDES chunks, RFC 3550 §6.5: SSRC, items (type, length, text), a null item, nulls to a word boundary. */
    private static void sourceDescriptions(ByteBuf buf, int count, int start, int end, List<RtcpPacket> out) {
        int j = start + HEADER_LENGTH;
        for (int chunk = 0; chunk < count; chunk++) {
            need(RtcpPacket.SDES, 4, end - j);
            long ssrc = buf.getUnsignedInt(j);
            j += 4;
            String cname = null;
            while (true) {
                need(RtcpPacket.SDES, 1, end - j);
                int itemType = buf.getUnsignedByte(j);
                if (itemType == 0) {
                    j = start + ((j + 1 - start + 3) & ~3); // the null item, then padding to 32 bits
                    break;
                }
                need(RtcpPacket.SDES, 2, end - j);
                int length = buf.getUnsignedByte(j + 1);
                need(RtcpPacket.SDES, 2 + length, end - j);
                if (itemType == SourceDescription.CNAME && cname == null) {
                    cname = buf.toString(j + 2, length, StandardCharsets.UTF_8);
                }
                j += 2 + length;
            }
            if (cname != null) {
                out.add(new SourceDescription(ssrc, cname));
            }
        }
    }

    private static void need(int type, int needed, int available) {
        if (needed > available) {
            throw new RtcpException("truncated RTCP packet type " + type + ": " + needed + " bytes needed, "
                    + available + " present");
        }
    }

    /**
     * One compound packet holding {@code packets} in order (RFC 3550 wants an SR or RR first).
     *
     * @return a new buffer the caller owns and releases
     */
    public static ByteBuf encode(ByteBufAllocator alloc, RtcpPacket... packets) {
        ByteBuf out = alloc.buffer(packets.length * 64);
        boolean success = false;
        try {
            for (RtcpPacket packet : packets) {
                encodeOne(out, packet);
            }
            success = true;
            return out;
        } finally {
            if (!success) {
                out.release();
            }
        }
    }

    private static void encodeOne(ByteBuf out, RtcpPacket packet) {
        if (packet instanceof SenderReport sr) {
            header(out, sr.reportBlocks().size(), RtcpPacket.SR,
                    SR_SENDER_INFO_LENGTH + sr.reportBlocks().size() * ReportBlock.LENGTH);
            out.writeInt((int) sr.ssrc());
            out.writeLong(sr.ntpTimestamp());
            out.writeInt((int) sr.rtpTimestamp());
            out.writeInt((int) sr.packetCount());
            out.writeInt((int) sr.octetCount());
            sr.reportBlocks().forEach(block -> reportBlock(out, block));
        } else if (packet instanceof ReceiverReport rr) {
            header(out, rr.reportBlocks().size(), RtcpPacket.RR, 4 + rr.reportBlocks().size() * ReportBlock.LENGTH);
            out.writeInt((int) rr.ssrc());
            rr.reportBlocks().forEach(block -> reportBlock(out, block));
        } else if (packet instanceof SourceDescription sdes) {
            byte[] cname = sdes.cname().getBytes(StandardCharsets.UTF_8);
            int items = 2 + cname.length;
            int nulls = 4 - items % 4;                       // 1..4: the null item and the padding
            header(out, 1, RtcpPacket.SDES, 4 + items + nulls);
            out.writeInt((int) sdes.ssrc());                 // chunk: SSRC
            out.writeByte(SourceDescription.CNAME);          // item type
            out.writeByte(cname.length);                     // item length
            out.writeBytes(cname);
            out.writeZero(nulls);
        } else if (packet instanceof Goodbye bye) {
            header(out, bye.ssrcs().size(), RtcpPacket.BYE, 4 * bye.ssrcs().size());
            bye.ssrcs().forEach(ssrc -> out.writeInt(ssrc.intValue()));
        } else if (packet instanceof FeedbackMessage fb) {
            header(out, fb.format(), fb.packetType(), FEEDBACK_LENGTH + FeedbackMessage.fciLength(fb.fci()));
            out.writeInt((int) fb.senderSsrc());
            out.writeInt((int) fb.mediaSsrc());
            for (FciEntry entry : fb.fci()) {
                if (entry instanceof NackEntry nack) {
                    out.writeShort(nack.packetId());
                    out.writeShort(nack.lostBitmask());
                } else if (entry instanceof FirEntry fir) {
                    out.writeInt((int) fir.ssrc());
                    out.writeByte(fir.sequenceNumber());
                    out.writeMedium(0);                      // reserved
                }
            }
        } else if (packet instanceof ExtendedReport xr) {
            header(out, 0, RtcpPacket.XR, ExtendedReportCodec.bodyLength(xr)); // the 5 bits after P are reserved
            ExtendedReportCodec.encodeBody(out, xr);
        } else {
            throw new IllegalArgumentException("unknown RTCP packet " + packet);
        }
    }

    /** V=2, P=0, the 5-bit count, PT, and the length of header + body in words minus one. */
    private static void header(ByteBuf out, int count, int type, int bodyLength) {
        out.writeByte(0x80 | count);
        out.writeByte(type);
        out.writeShort((HEADER_LENGTH + bodyLength) / 4 - 1);
    }

    private static void reportBlock(ByteBuf out, ReportBlock block) {
        out.writeInt((int) block.ssrc());
        out.writeByte(block.fractionLost());
        out.writeMedium(block.cumulativeLost());
        out.writeInt((int) block.extendedHighestSequence());
        out.writeInt((int) block.interarrivalJitter());
        out.writeInt((int) block.lastSenderReport());
        out.writeInt((int) block.delaySinceLastSenderReport());
    }
}
