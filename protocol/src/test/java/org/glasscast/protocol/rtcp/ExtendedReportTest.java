package org.glasscast.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Collections;
import java.util.List;
import org.glasscast.protocol.rtp.NtpTime;
import org.junit.jupiter.api.Test;

class ExtendedReportTest {

    private static ByteBuf hex(String... fields) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(String.join("", fields)));
    }

    /** A receiver's RR then its XR with an RRTR, as a compound packet. */
    private static final String[] RR_AND_RRTR = {
            "80", "c9", "0001",       // V=2 P=0 RC=0 | PT=201 RR | length 1
            "00000001",               // SSRC of packet sender
            "80", "cf", "0004",       // V=2 P=0 reserved | PT=207 XR | length 4: 5 words
            "00000001",               // SSRC of the XR's sender
            "04", "00", "0002",       // BT=4 RRTR | reserved | block length 2
            "e9a2b3c4", "80000000",   // NTP timestamp: seconds, fraction (0.5 s)
    };

    /** A sender's XR answering two receivers with one DLRR block. */
    private static final String[] DLRR = {
            "80", "cf", "0008",       // V=2 P=0 | PT=207 XR | length 8: 9 words
            "cafebabe",               // SSRC of the XR's sender
            "05", "00", "0006",       // BT=5 DLRR | reserved | block length 6: 2 sub-blocks
            "00000001",               // SSRC_1
            "b3c48000",               // LRR: compact NTP of receiver 1's RRTR
            "00008000",               // DLRR: 0.5 s
            "00000002",               // SSRC_2
            "00000000",               // LRR: no RRTR yet
            "00000000",               // DLRR
    };

    @Test
    void decodesReceiverReferenceTimeAfterAnRr() {
        ByteBuf buf = hex(RR_AND_RRTR);
        assertThat(RtcpCodec.decode(buf)).containsExactly(new ReceiverReport(1, List.of()),
                new ExtendedReport(1, List.of(new ReceiverReferenceTime(0xe9a2b3c4_80000000L))));
        assertThat(NtpTime.compact(0xe9a2b3c4_80000000L)).isEqualTo(0xb3c48000);
        buf.release();
    }

    @Test
    void decodesDlrrWithTwoSubBlocks() {
        ByteBuf buf = hex(DLRR);
        assertThat(RtcpCodec.decode(buf)).containsExactly(new ExtendedReport(0xcafebabeL, List.of(new Dlrr(List.of(
                new Dlrr.SubBlock(1, 0xb3c48000L, 0x8000), new Dlrr.SubBlock(2, 0, 0))))));
        buf.release();
    }

    @Test
    void encodesByteForByte() {
        ByteBuf rrtr = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, new ReceiverReport(1, List.of()),
                new ExtendedReport(1, List.of(new ReceiverReferenceTime(0xe9a2b3c4_80000000L))));
        assertThat(ByteBufUtil.hexDump(rrtr)).isEqualTo(String.join("", RR_AND_RRTR));
        ByteBuf dlrr = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, new ExtendedReport(0xcafebabeL,
                List.of(new Dlrr(List.of(new Dlrr.SubBlock(1, 0xb3c48000L, 0x8000), new Dlrr.SubBlock(2, 0, 0))))));
        assertThat(ByteBufUtil.hexDump(dlrr)).isEqualTo(String.join("", DLRR));
        rrtr.release();
        dlrr.release();
    }

    @Test
    void skipsUnknownBlocksAndKnownOnesOfAnImpossibleLength() {
        ByteBuf buf = hex(
                "80", "cf", "000c",   // XR, length 12: 13 words
                "00000009",           // SSRC
                "07", "00", "0002",   // BT=7 VoIP metrics (not read), block length 2
                "01020304", "05060708",
                "04", "00", "0001",   // BT=4 RRTR with block length 1: not an RRTR, skipped
                "11111111",
                "05", "00", "0001",   // BT=5 DLRR with block length 1: not whole sub-blocks, skipped
                "22222222",
                "05", "00", "0000",   // BT=5 DLRR with no sub-blocks
                "04", "00", "0002",   // BT=4 RRTR
                "0000000a", "0000000b");
        assertThat(RtcpCodec.decode(buf)).containsExactly(new ExtendedReport(9, List.of(
                new Dlrr(List.of()), new ReceiverReferenceTime(0x0000000a_0000000bL))));
        buf.release();
    }

    @Test
    void structuralErrorsThrowRtcpException() {
        assertDecodeFails("80cf0000", "no SSRC");                                  // XR without its SSRC
        assertDecodeFails("a0cf0001" + "00000002", "no SSRC");                     // padding eats the SSRC
        assertDecodeFails("80cf0002" + "00000001" + "04000002", "overruns");       // RRTR block longer than the XR
        assertDecodeFails("a0cf0002" + "00000001" + "04000002", "truncated XR block header"); // 2 bytes left
    }

    private static void assertDecodeFails(String hex, String message) {
        ByteBuf buf = hex(hex);
        try {
            assertThatThrownBy(() -> RtcpCodec.decode(buf)).isInstanceOf(RtcpException.class).hasMessageContaining(message);
        } finally {
            buf.release();
        }
    }

    @Test
    void recordsRejectWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> new Dlrr.SubBlock(1L << 32, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        Dlrr.SubBlock sub = new Dlrr.SubBlock(1, 2, 3);
        assertThatThrownBy(() -> new Dlrr(Collections.nCopies(Dlrr.MAX_SUB_BLOCKS + 1, sub)))
                .isInstanceOf(IllegalArgumentException.class);
        Dlrr tooLongForAnXr = new Dlrr(Collections.nCopies(Dlrr.MAX_SUB_BLOCKS, sub)); // block length 0xFFFF
        assertThatThrownBy(() -> new ExtendedReport(1, List.of(tooLongForAnXr)))
                .isInstanceOf(IllegalArgumentException.class);
        ExtendedReport largest = new ExtendedReport(1, List.of(new Dlrr(Collections.nCopies(Dlrr.MAX_SUB_BLOCKS - 1, sub)),
                new Dlrr(List.of())));
        ByteBuf buf = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, largest);
        assertThat(buf.getUnsignedShort(2)).isEqualTo(0xFFFF);    // 65536 words: header, SSRC, 3 + 65532 + 1
        assertThat(RtcpCodec.decode(buf)).containsExactly(largest);
        buf.release();
    }
}
