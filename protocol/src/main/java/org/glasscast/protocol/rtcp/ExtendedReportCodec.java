package org.glasscast.protocol.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The body of an XR packet (after the common header), for {@link RtcpCodec}. */
final class ExtendedReportCodec {
    private static final int BLOCK_HEADER_LENGTH = 4;

    private ExtendedReportCodec() {
    }

    /**
     * SSRC and blocks from {@code index} to {@code end}. Unknown blocks, and RRTR/DLRR blocks of a
     * length their type cannot have, are skipped by their length (as libwebrtc does); a block header
     * or block that overruns the packet is an {@link RtcpException}.
     */
    static ExtendedReport decode(ByteBuf buf, int index, int end) {
        if (end - index < 4) {
            throw new RtcpException("truncated XR: " + (end - index) + " bytes, no SSRC");
        }
        long ssrc = buf.getUnsignedInt(index);
        List<ExtendedReport.Block> blocks = new ArrayList<>();
        int j = index + 4;
        while (j < end) {
            if (end - j < BLOCK_HEADER_LENGTH) {
                throw new RtcpException("truncated XR block header: " + (end - j) + " bytes");
            }
            int blockType = buf.getUnsignedByte(j);
            int words = 1 + buf.getUnsignedShort(j + 2);
            if (4 * words > end - j) {
                throw new RtcpException("XR block type " + blockType + " of " + 4 * words + " bytes overruns " + (end - j));
            }
            if (blockType == ReceiverReferenceTime.BLOCK_TYPE && words == ReceiverReferenceTime.WORDS) {
                blocks.add(new ReceiverReferenceTime(buf.getLong(j + BLOCK_HEADER_LENGTH)));
            } else if (blockType == Dlrr.BLOCK_TYPE && (words - 1) % Dlrr.SubBlock.WORDS == 0) {
                blocks.add(dlrr(buf, j + BLOCK_HEADER_LENGTH, (words - 1) / Dlrr.SubBlock.WORDS));
            }
            j += 4 * words;
        }
        return new ExtendedReport(ssrc, blocks);
    }

    private static Dlrr dlrr(ByteBuf buf, int index, int count) {
        List<Dlrr.SubBlock> subBlocks = new ArrayList<>(count); // count is bounded by the bytes present
        for (int k = 0; k < count; k++) {
            int j = index + 4 * Dlrr.SubBlock.WORDS * k;
            subBlocks.add(new Dlrr.SubBlock(buf.getUnsignedInt(j), buf.getUnsignedInt(j + 4), buf.getUnsignedInt(j + 8)));
        }
        return new Dlrr(subBlocks);
    }

    /** Bytes after the common header: SSRC and blocks. */
    static int bodyLength(ExtendedReport xr) {
        return 4 + 4 * xr.blocks().stream().mapToInt(ExtendedReport.Block::words).sum();
    }

    static void encodeBody(ByteBuf out, ExtendedReport xr) {
        out.writeInt((int) xr.ssrc());
        for (ExtendedReport.Block block : xr.blocks()) {
            out.writeByte(block.blockType());
            out.writeByte(0);                                // reserved
            out.writeShort(block.words() - 1);
            if (block instanceof ReceiverReferenceTime rrtr) {
                out.writeLong(rrtr.ntpTimestamp());
            } else if (block instanceof Dlrr dlrr) {
                for (Dlrr.SubBlock sub : dlrr.subBlocks()) {
                    out.writeInt((int) sub.ssrc());
                    out.writeInt((int) sub.lastReceiverReport());
                    out.writeInt((int) sub.delaySinceLastReceiverReport());
                }
            }
        }
    }
}
