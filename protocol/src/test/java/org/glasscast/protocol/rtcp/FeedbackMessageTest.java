package org.glasscast.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackMessageTest {

    private static ByteBuf hex(String... fields) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(String.join("", fields)));
    }

    /** As libavformat/rtpdec.c ff_rtp_send_rtcp_feedback writes it: one entry, sent on its own. */
    private static final String[] FFMPEG_NACK = {
            "81", "cd", "0003",       // V=2 P=0 FMT=1 | PT=205 RTPFB | length 3: 4 words
            "11223345",               // SSRC of packet sender (ffmpeg: media SSRC + 1)
            "11223344",               // SSRC of media source
            "0064",                   // PID 100
            "8005",                   // BLP bits 0, 2, 15: 101, 103, 116
    };

    private static final String[] TWO_ENTRIES_ACROSS_THE_WRAP = {
            "81", "cd", "0004",       // V=2 P=0 FMT=1 | RTPFB | length 4: 5 words
            "00000001",               // SSRC of packet sender
            "cafebabe",               // SSRC of media source
            "fffe", "0006",           // PID 65534, BLP bits 1, 2: 0, 1
            "0020", "0000",           // PID 32 alone
    };

    private static final String[] FIR = {
            "84", "ce", "0004",       // V=2 P=0 FMT=4 | PT=206 PSFB | length 4: 5 words
            "00000001",               // SSRC of packet sender
            "00000000",               // SSRC of media source: unused, 0 (RFC 5104 §4.3.1.2)
            "cafebabe",               // FCI: SSRC the request is for
            "07", "000000",           // command sequence number 7, reserved
    };

    @Test
    void decodesFfmpegsNack() {
        ByteBuf buf = hex(FFMPEG_NACK);
        List<RtcpPacket> packets = RtcpCodec.decode(buf);
        FeedbackMessage nack = FeedbackMessage.nack(0x11223345L, 0x11223344L, List.of(new NackEntry(100, 0x8005)));
        assertThat(packets).containsExactly(nack);
        assertThat(nack.isGenericNack()).isTrue();
        assertThat(nack.isPli()).isFalse();
        assertThat(nack.lostSequenceNumbers()).containsExactly(100, 101, 103, 116);
        buf.release();
    }

    @Test
    void encodesNackEntriesByteForByte() {
        FeedbackMessage nack = FeedbackMessage.nack(1, 0xcafebabeL,
                NackEntry.fromSequenceNumbers(List.of(0, 32, 1, 65534)));
        assertThat(nack.nackEntries()).containsExactly(new NackEntry(65534, 0x0006), new NackEntry(32, 0));
        ByteBuf buf = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, nack);
        assertThat(ByteBufUtil.hexDump(buf)).isEqualTo(String.join("", TWO_ENTRIES_ACROSS_THE_WRAP));
        assertThat(RtcpCodec.decode(buf)).containsExactly(nack);
        assertThat(nack.lostSequenceNumbers()).containsExactly(65534, 0, 1, 32);
        buf.release();
    }

    @Test
    void readsAndWritesFir() {
        FeedbackMessage fir = FeedbackMessage.fir(1, List.of(new FirEntry(0xcafebabeL, 7)));
        ByteBuf buf = hex(FIR);
        assertThat(RtcpCodec.decode(buf)).containsExactly(fir);
        assertThat(fir.isFir()).isTrue();
        assertThat(fir.firEntries()).containsExactly(new FirEntry(0xcafebabeL, 7));
        assertThat(fir.nackEntries()).isEmpty();
        ByteBuf encoded = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, fir);
        assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo(String.join("", FIR));
        buf.release();
        encoded.release();
    }

    @Test
    void pliStaysAsItWasAndIgnoresAnyFci() {
        ByteBuf pli = hex(
                "81", "ce", "0003",   // PSFB FMT=1 PLI, length 3: one word more than a PLI has
                "00000001", "00000002",
                "deadbeef");          // not FCI a PLI defines: not kept
        assertThat(RtcpCodec.decode(pli)).containsExactly(FeedbackMessage.pli(1, 2));
        assertThat(FeedbackMessage.pli(1, 2).fci()).isEmpty();
        assertThat(FeedbackMessage.pli(1, 2).isPli()).isTrue();
        ByteBuf encoded = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, FeedbackMessage.pli(1, 2));
        assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo("81ce0002" + "00000001" + "00000002");
        pli.release();
        encoded.release();
    }

    @Test
    void otherFormatsKeepTheirHeaderOnly() {
        ByteBuf tmmbr = hex("83", "cd", "0004", "00000001", "00000000", "00000002", "12345678"); // RTPFB FMT=3
        assertThat(RtcpCodec.decode(tmmbr)).containsExactly(new FeedbackMessage(RtcpPacket.RTPFB, 3, 1, 0));
        tmmbr.release();
    }

    @Test
    void nackWithAPartialEntryThrows() {
        ByteBuf buf = hex(
                "a1", "cd", "0004",   // V=2 P=1 FMT=1 | RTPFB | length 4
                "00000001", "00000002",
                "0064", "0000",       // PID 100
                "aabb",               // half an entry
                "0002");              // 2 bytes of padding, the last its count
        assertThatThrownBy(() -> RtcpCodec.decode(buf)).isInstanceOf(RtcpException.class)
                .hasMessageContaining("not whole 4-byte entries");
        buf.release();
    }

    @Test
    void recordsRejectWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> new NackEntry(65536, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NackEntry(0, 0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FirEntry(1, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedbackMessage.nack(1, 2, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeedbackMessage(RtcpPacket.PSFB, FeedbackMessage.PLI, 1, 2,
                List.of(new NackEntry(1, 0)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeedbackMessage(RtcpPacket.RTPFB, FeedbackMessage.GENERIC_NACK, 1, 2,
                List.of(new FirEntry(1, 0)))).isInstanceOf(IllegalArgumentException.class);
        List<NackEntry> tooMany = java.util.Collections.nCopies(FeedbackMessage.MAX_FCI_WORDS + 1, new NackEntry(1, 0));
        assertThatThrownBy(() -> FeedbackMessage.nack(1, 2, tooMany)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FeedbackMessage.nack(1, 2, tooMany.subList(1, tooMany.size())).nackEntries())
                .hasSize(FeedbackMessage.MAX_FCI_WORDS);
        assertThatThrownBy(() -> NackEntry.fromSequenceNumbers(List.of(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largestNackTheLengthFieldHoldsRoundTrips() {
        List<NackEntry> entries = java.util.Collections.nCopies(FeedbackMessage.MAX_FCI_WORDS, new NackEntry(7, 1));
        FeedbackMessage nack = FeedbackMessage.nack(1, 2, entries);
        ByteBuf buf = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, nack);
        assertThat(buf.getUnsignedShort(2)).isEqualTo(0xFFFF);
        assertThat(RtcpCodec.decode(buf)).containsExactly(nack);
        assertThat(nack.lostSequenceNumbers()).containsExactly(7, 8);
        buf.release();
    }
}
