package org.glasscast.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpCodecTest {

    private static ByteBuf hex(String... fields) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(String.join("", fields)));
    }

    private static final String[] SR_AND_SDES = {
            // sender report
            "81", "c8", "000c",       // V=2 P=0 RC=1 | PT=200 SR | length 12: 13 words
            "12345678",               // SSRC of sender
            "e9a2b3c4", "80000000",   // NTP timestamp: seconds, fraction (0.5 s)
            "0001d4c0",               // RTP timestamp 120000
            "00000064",               // sender's packet count 100
            "0000c350",               // sender's octet count 50000
            "9abcdef0",               // report block: SSRC_1
            "40",                     // fraction lost 64/256
            "fffffe",                 // cumulative lost -2 (duplicates)
            "0001000a",               // extended highest sequence: cycle 1, seq 10
            "00000020",               // interarrival jitter 32
            "b3c48000",               // LSR
            "00010000",               // DLSR: 1 s
            // source description
            "81", "ca", "0004",       // V=2 P=0 SC=1 | PT=202 SDES | length 4: 5 words
            "12345678",               // chunk 1: SSRC
            "01", "07",               // item CNAME, 7 bytes
            "676c617373406b",         // "glass@k"
            "00",                     // null item ends the chunk
            "0000",                   // nulls to the 32-bit boundary
    };

    @Test
    void decodesSenderReportWithOneBlockAndSdes() {
        ByteBuf buf = hex(SR_AND_SDES);
        assertThat(RtcpCodec.looksLikeRtcp(buf)).isTrue();
        List<RtcpPacket> packets = RtcpCodec.decode(buf);
        assertThat(packets).containsExactly(
                new SenderReport(0x12345678L, 0xe9a2b3c4_80000000L, 120_000, 100, 50_000, List.of(
                        new ReportBlock(0x9abcdef0L, 64, -2, 0x1000aL, 32, 0xb3c48000L, 0x10000))),
                new SourceDescription(0x12345678L, "glass@k"));
        assertThat(buf.readerIndex()).isZero();
        assertThat(buf.release()).isTrue();
    }

    @Test
    void decodesReceiverReportByeAndPliAndSkipsApp() {
        ByteBuf buf = hex(
                "80", "c9", "0001",   // RR, RC=0, length 1
                "00000001",           // SSRC of packet sender
                "80", "cc", "0002",   // APP, subtype 0, length 2
                "00000001", "41424344", // SSRC, name "ABCD"
                "81", "ce", "0002",   // PSFB FMT=1 (PLI), length 2
                "00000001",           // SSRC of packet sender
                "00000002",           // SSRC of media source
                "82", "cb", "0003",   // BYE, SC=2, length 3
                "00000001", "00000002", // SSRCs
                "03", "627965");      // reason: 3 bytes "bye"
        assertThat(RtcpCodec.decode(buf)).containsExactly(
                new ReceiverReport(1, List.of()),
                FeedbackMessage.pli(1, 2),
                new Goodbye(List.of(1L, 2L)));
        buf.release();
    }

    @Test
    void skipsSdesChunksWithoutCnameAndHonoursPadding() {
        ByteBuf buf = hex(
                "a2", "ca", "0005",   // V=2 P=1 SC=2 | SDES | length 5
                "00000001",           // chunk 1: SSRC
                "02", "01", "4e",     // item NAME, 1 byte "N"
                "00",                 // end of chunk
                "00000002",           // chunk 2: SSRC
                "01", "01", "43",     // item CNAME, "C"
                "00",                 // end of chunk
                "00000004");          // padding: 4 bytes, count 4
        assertThat(RtcpCodec.decode(buf)).containsExactly(new SourceDescription(2, "C"));
        buf.release();
    }

    @Test
    void structuralErrorsThrowRtcpException() {
        assertDecodeFails("", "empty");
        assertDecodeFails("40c80000", "version 1");
        assertDecodeFails("80c9", "truncated RTCP header");
        assertDecodeFails("80c90005" + "00000001", "overruns");
        assertDecodeFails("81c90001" + "00000001", "truncated");          // RR with 1 block, no block bytes
        assertDecodeFails("81ca0002" + "00000001" + "0109414243", "truncated"); // CNAME item overruns
        assertDecodeFails("a0c90001" + "00000000", "padding");           // padding count 0
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
    void encodesByteForByte() {
        ByteBuf buf = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT,
                new SenderReport(0x12345678L, 0xe9a2b3c4_80000000L, 120_000, 100, 50_000, List.of(
                        new ReportBlock(0x9abcdef0L, 64, -2, 0x1000aL, 32, 0xb3c48000L, 0x10000))),
                new SourceDescription(0x12345678L, "glass@k"));
        assertThat(ByteBufUtil.hexDump(buf)).isEqualTo(String.join("", SR_AND_SDES));
        buf.release();
    }

    @Test
    void looksLikeRtcpTellsRtcpFromRtp() {
        ByteBuf rtp = hex("80e0000100000000000000010000");  // RTP, M=1 PT=96 -> second byte 0xe0 = 224
        ByteBuf sr = hex("80c80006");
        assertThat(RtcpCodec.looksLikeRtcp(rtp)).isFalse();
        assertThat(RtcpCodec.looksLikeRtcp(sr)).isTrue();
        rtp.release();
        sr.release();
    }

    @Test
    void recordsRejectOutOfRangeFields() {
        assertThatThrownBy(() -> new ReportBlock(1, 256, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportBlock(1, 0, 1 << 23, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ReportBlock.clampCumulativeLost(1L << 40)).isEqualTo(ReportBlock.MAX_CUMULATIVE_LOST);
        assertThatThrownBy(() -> new FeedbackMessage(200, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceDescription(1, "x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }
}
