package org.glasscast.protocol.rtcp;

import java.util.List;

/**
 * DLRR XR block: for each receiver that sent an RRTR, when its last one arrived and how long ago.
 * The receiver's round-trip time is its arrival time of this block minus LRR minus DLRR, in
 * compact NTP units.
 *
 * <pre>
 * |     BT=5      |   reserved    |         block length          |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first receiver)               | sub-
 * |                         last RR (LRR)                         | block
 * |                   delay since last RR (DLRR)                  |   1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * :                               ...                             :   2
 * </pre>
 *
 * @param subBlocks at most 21845, what the 16-bit block length holds (21844 fit in one XR, whose
 *     16-bit length also counts its header and SSRC)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3611#section-4.5">RFC 3611 §4.5</a>
 */
public record Dlrr(List<SubBlock> subBlocks) implements ExtendedReport.Block {
    public static final int BLOCK_TYPE = 5;
    /** The block length field: 3 words per sub-block. */
    public static final int MAX_SUB_BLOCKS = 0xFFFF / SubBlock.WORDS;

    public Dlrr {
        subBlocks = List.copyOf(subBlocks);
        if (subBlocks.size() > MAX_SUB_BLOCKS) {
            throw new IllegalArgumentException("more than " + MAX_SUB_BLOCKS + " DLRR sub-blocks: " + subBlocks.size());
        }
    }

    @Override
    public int blockType() {
        return BLOCK_TYPE;
    }

    @Override
    public int words() {
        return 1 + SubBlock.WORDS * subBlocks.size();
    }

    /**
     * One receiver's sub-block.
     *
     * @param ssrc the receiver whose RRTR this answers
     * @param lastReceiverReport LRR: middle 32 bits of that RRTR's NTP time ({@code NtpTime.compact}), 0 if none
     * @param delaySinceLastReceiverReport DLRR: from its arrival to this XR, in 1/65536 seconds; 0 if none
     */
    public record SubBlock(long ssrc, long lastReceiverReport, long delaySinceLastReceiverReport) {
        public static final int WORDS = 3;

        public SubBlock {
            Fields.checkUnsigned32("ssrc", ssrc);
            Fields.checkUnsigned32("lastReceiverReport", lastReceiverReport);
            Fields.checkUnsigned32("delaySinceLastReceiverReport", delaySinceLastReceiverReport);
        }
    }
}
