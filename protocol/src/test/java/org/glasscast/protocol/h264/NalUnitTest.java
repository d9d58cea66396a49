package org.glasscast.protocol.h264;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NalUnitTest {

    private static List<String> split(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        ByteBuf buf = Unpooled.wrappedBuffer(array);
        List<String> nals = new ArrayList<>();
        NalUnit.forEachInAnnexB(buf, nal -> nals.add(ByteBufUtil.hexDump(nal)));
        assertThat(buf.readerIndex()).isZero();
        buf.release();
        return nals;
    }

    @Test
    void typeAndNri() {
        assertThat(NalUnit.type(0x67)).isEqualTo(NalUnit.SPS);
        assertThat(NalUnit.type(0x65)).isEqualTo(NalUnit.IDR);
        assertThat(NalUnit.nri(0x67)).isEqualTo(0x60);
        assertThat(NalUnit.type(0x7C)).isEqualTo(NalUnit.FU_A);
    }

    @Test
    void splitsOnThreeAndFourByteStartCodes() {
        assertThat(split(
                0, 0, 0, 1, 0x67, 0x42,          // 4-byte start code, SPS
                0, 0, 1, 0x68, 0xCE,             // 3-byte start code, PPS
                0, 0, 0, 1, 0x65, 0x88, 0x80))   // IDR
                .containsExactly("6742", "68ce", "658880");
    }

    @Test
    void dropsTrailingZeroBytesAndEmptyUnits() {
        assertThat(split(
                0, 0, 0, 1, 0x09, 0xF0, 0, 0,    // AUD, trailing_zero_8bits
                0, 0, 1,                         // empty NAL unit
                0, 0, 0, 1, 0x41, 0x9A, 0, 0, 0)) // slice, zeros at the end of the stream
                .containsExactly("09f0", "419a");
    }

    @Test
    void keepsEmulationPreventionAndSkipsLeadingBytes() {
        assertThat(split(
                0x12, 0x34,                      // not preceded by a start code: skipped
                0, 0, 1, 0x41, 0, 0, 3, 1, 0x80)) // 00 00 03 01 is payload, not a start code
                .containsExactly("410000030180");
        assertThat(split(0x41, 0x42, 0x43)).isEmpty();
        assertThat(split()).isEmpty();
        assertThat(split(0, 0, 1)).isEmpty();
    }

    @Test
    void respectsReaderIndex() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0, 0, 1, 0x41, 0, 0, 1, 0x42, 0x11});
        buf.readerIndex(4);
        List<String> nals = new ArrayList<>();
        NalUnit.forEachInAnnexB(buf, nal -> nals.add(ByteBufUtil.hexDump(nal)));
        assertThat(nals).containsExactly("4211");
        buf.release();
    }
}
