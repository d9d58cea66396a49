package org.glasscast.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.glasscast.protocol.testing.TrackingAllocator;
import org.junit.jupiter.api.Test;

class RtxPacketTest {

    private static ByteBuf hex(String... fields) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(String.join("", fields)));
    }

    /** The original: a CSRC, abs-capture-time, a 3-byte payload and 2 bytes of padding. */
    private static final String[] ORIGINAL = {
            "b1",                     // V=2 P=1 X=1 CC=1
            "e0",                     // M=1 PT=96
            "1234",                   // sequence number 0x1234
            "00015f90",               // timestamp 90000
            "11111111",               // SSRC
            "00000007",               // CSRC
            "bede", "0003",           // one-byte extension profile, 3 words
            "17", "1122334455667788", "000000", // id 1 L=7: abs-capture-time, padding to the word
            "658884",                 // payload
            "0002",                   // padding, its count 2
    };

    private static final String[] RTX = {
            "91",                     // V=2 P=0 (padding not carried) X=1 CC=1
            "e1",                     // M=1 kept, PT=97 (RTX)
            "0007",                   // the RTX stream's own sequence number 7
            "00015f90",               // timestamp: the original's
            "22222222",               // RTX SSRC
            "00000007",               // CSRC kept
            "bede", "0003",           // extension kept byte for byte
            "17", "1122334455667788", "000000",
            "1234",                   // OSN: the original sequence number
            "658884",                 // original payload
    };

    /** The original as RTP without its padding. */
    private static final String RESTORED = String.join("", ORIGINAL).replace("b1e0", "91e0").replace("6588840002", "658884");

    @Test
    void wrapsTheOriginalByteForByte() {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf original = hex(ORIGINAL);
        ByteBuf rtx = RtxPacket.wrap(alloc, original, 97, 0x22222222L, 7);
        assertThat(ByteBufUtil.hexDump(rtx)).isEqualTo(String.join("", RTX));
        assertThat(original.readerIndex()).isZero();
        assertThat(AbsCaptureTime.read(rtx, 1)).isEqualTo(0x1122334455667788L);
        assertThat(RtxPacket.originalSequenceNumber(rtx)).isEqualTo(0x1234);
        rtx.release();
        original.release();
        alloc.assertAllReleased();
    }

    @Test
    void restoresTheOriginalInPlace() {
        ByteBuf rtx = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(String.join("", RTX)));
        assertThat(RtxPacket.restore(rtx, 96, 0x11111111L)).isTrue();
        assertThat(rtx.readerIndex()).isEqualTo(2);
        assertThat(ByteBufUtil.hexDump(rtx)).isEqualTo(RESTORED);
        assertThat(RtpHeader.isValid(rtx)).isTrue();
        assertThat(RtpHeader.sequenceNumber(rtx)).isEqualTo(0x1234);
        assertThat(RtpHeader.payloadType(rtx)).isEqualTo(96);
        assertThat(RtpHeader.marker(rtx)).isTrue();
        assertThat(ByteBufUtil.hexDump(RtpHeader.payload(rtx))).isEqualTo("658884");
        assertThat(AbsCaptureTime.read(rtx, 1)).isEqualTo(0x1122334455667788L);
        rtx.release();
    }

    @Test
    void paddingOnlyRtxIsNotRestored() {
        ByteBuf padding = hex(
                "a0", "61", "0008",   // V=2 P=1 | PT=97 | sequence 8
                "00000000", "22222222",
                "00000000000007");    // 7 bytes of padding, the last its count: no OSN, no payload
        String before = ByteBufUtil.hexDump(padding);
        assertThat(RtxPacket.originalSequenceNumber(padding)).isEqualTo(-1);
        assertThat(RtxPacket.restore(padding, 96, 1)).isFalse();
        assertThat(ByteBufUtil.hexDump(padding)).isEqualTo(before);
        padding.release();
    }

    @Test
    void rejectsBadArguments() {
        ByteBuf original = hex(ORIGINAL);
        TrackingAllocator alloc = new TrackingAllocator();
        assertThatThrownBy(() -> RtxPacket.wrap(alloc, original, 128, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtxPacket.wrap(alloc, original, 97, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtxPacket.wrap(alloc, original, 97, 1, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtxPacket.wrap(alloc, hex("80"), 97, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtxPacket.restore(original, 96, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThat(alloc.allocatedCount()).isZero();
        original.release();
    }

    @Property(tries = 300)
    void wrapThenRestoreGivesTheOriginalWithoutPadding(@ForAll @IntRange(max = 15) int csrcs,
            @ForAll @Size(max = 12) byte[] extension, @ForAll boolean marker, @ForAll @IntRange(max = 127) int pt,
            @ForAll @IntRange(max = 65535) int seq, @ForAll @IntRange(max = 65535) int rtxSeq,
            @ForAll @Size(max = 300) byte[] payload, @ForAll @IntRange(max = 20) int padding) {
        ByteBuf original = Unpooled.buffer();
        int words = (extension.length + 3) / 4;
        original.writeByte(0x80 | (padding > 0 ? 0x20 : 0) | (extension.length > 0 ? 0x10 : 0) | csrcs);
        original.writeByte((marker ? 0x80 : 0) | pt);
        original.writeShort(seq);
        original.writeInt(0x89abcdef);
        original.writeInt(0x11111111);
        for (int k = 0; k < csrcs; k++) {
            original.writeInt(k);
        }
        if (extension.length > 0) {
            original.writeShort(0xBEDE).writeShort(words).writeBytes(extension).writeZero(4 * words - extension.length);
        }
        original.writeBytes(payload);
        if (padding > 0) {
            original.writeZero(padding - 1).writeByte(padding);
        }
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf rtx = RtxPacket.wrap(alloc, original, 97, 0x22222222L, rtxSeq);
        assertThat(RtpHeader.isValid(rtx)).isTrue();
        assertThat(RtpHeader.sequenceNumber(rtx)).isEqualTo(rtxSeq);
        assertThat(RtpHeader.payloadType(rtx)).isEqualTo(97);
        assertThat(RtpHeader.ssrc(rtx)).isEqualTo(0x22222222L);
        assertThat(RtpHeader.timestamp(rtx)).isEqualTo(0x89abcdefL);
        assertThat(RtxPacket.originalSequenceNumber(rtx)).isEqualTo(seq);

        assertThat(RtxPacket.restore(rtx, pt, 0x11111111L)).isTrue();
        ByteBuf expected = original.slice(0, original.writerIndex() - padding);
        expected.setByte(0, expected.getByte(0) & ~0x20);
        assertThat(ByteBufUtil.hexDump(rtx)).isEqualTo(ByteBufUtil.hexDump(expected));
        rtx.release();
        original.release();
        alloc.assertAllReleased();
    }

    @Property(tries = 1000)
    void anyBytesRestoreOrStayUntouched(@ForAll @Size(max = 120) byte[] bytes, @ForAll boolean version2) {
        if (version2 && bytes.length > 0) {
            bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
        }
        ByteBuf buf = Unpooled.copiedBuffer(bytes);
        int osn = RtxPacket.originalSequenceNumber(buf);
        boolean restored = RtxPacket.restore(buf, 96, 1);
        assertThat(restored).isEqualTo(osn >= 0);
        if (restored) {
            assertThat(RtpHeader.isValid(buf)).isTrue();
            assertThat(RtpHeader.sequenceNumber(buf)).isEqualTo(osn);
            assertThat(buf.readableBytes()).isEqualTo(bytes.length - 2);
        } else {
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(bytes);
        }
        buf.release();
    }

    @Property(tries = 1000)
    void validRtxWithBitsFlippedOrTruncatedRestoresOrStaysUntouched(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> flips,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
        ByteBuf original = hex(ORIGINAL);
        ByteBuf rtx = RtxPacket.wrap(UnpooledByteBufAllocator.DEFAULT, original, 97, 2, 7);
        original.release();
        for (int flip : flips) {
            int bit = flip % (8 * rtx.readableBytes());
            rtx.setByte(bit / 8, rtx.getByte(bit / 8) ^ 1 << bit % 8);
        }
        rtx.writerIndex(cut % (rtx.writerIndex() + 1));
        byte[] before = ByteBufUtil.getBytes(rtx);
        if (!RtxPacket.restore(rtx, 96, 1)) {
            assertThat(ByteBufUtil.getBytes(rtx)).isEqualTo(before);
        } else {
            assertThat(RtpHeader.isValid(rtx)).isTrue();
        }
        rtx.release();
    }
}
