package org.glasscast.protocol.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import org.glasscast.protocol.testing.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class H264PacketizerTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allReleased() {
        alloc.assertAllReleased();
    }

    static ByteBuf annexB(TrackingAllocator alloc, byte[]... nals) {
        ByteBuf buf = alloc.buffer();
        for (byte[] nal : nals) {
            buf.writeInt(1).writeBytes(nal);
        }
        return buf;
    }

    static byte[] nal(int header, int length) {
        byte[] nal = new byte[length];
        nal[0] = (byte) header;
        for (int i = 1; i < length; i++) {
            nal[i] = (byte) (i % 251 + 1);
        }
        return nal;
    }

    @Test
    void aggregatesSpsAndPpsAndFragmentsALargeIdr() {
        ByteBuf au = annexB(alloc, nal(0x67, 10), nal(0x48, 4), nal(0x65, 2500));
        List<ByteBuf> payloads = new H264Packetizer(1200).packetize(alloc, au);
        assertThat(payloads).hasSize(4);
        ByteBuf stap = payloads.get(0);
        assertThat((int) stap.getUnsignedByte(0)).isEqualTo(0x78);  // STAP-A: F=0, NRI=3 (max of 3, 2), type 24
        assertThat(stap.getUnsignedShort(1)).isEqualTo(10);  // SPS size
        assertThat((int) stap.getUnsignedByte(3)).isEqualTo(0x67); // SPS header
        assertThat(stap.getUnsignedShort(13)).isEqualTo(4);  // PPS size
        assertThat(stap.readableBytes()).isEqualTo(1 + 2 + 10 + 2 + 4);
        // 2499 bytes after the NAL header, 1198 per fragment: 1198 + 1198 + 103
        int[] fragmentBytes = {1198, 1198, 103};
        int[] fuHeaders = {0x85, 0x05, 0x45};                 // S|type 5, type 5, E|type 5
        for (int i = 0; i < 3; i++) {
            ByteBuf fu = payloads.get(1 + i);
            assertThat((int) fu.getUnsignedByte(0)).isEqualTo(0x7C); // FU indicator: NRI=3, type 28
            assertThat((int) fu.getUnsignedByte(1)).isEqualTo(fuHeaders[i]);
            assertThat(fu.readableBytes()).isEqualTo(2 + fragmentBytes[i]).isLessThanOrEqualTo(1200);
        }
        assertThat(payloads.get(1).getByte(2)).isEqualTo((byte) 2); // first byte after the NAL header
        payloads.forEach(ByteBuf::release);
        assertThat(au.readerIndex()).isZero();
        au.release();
    }

    @Test
    void sendsALoneSmallNalAsASingleNalUnitPacket() {
        ByteBuf au = annexB(alloc, nal(0x41, 1200));
        List<ByteBuf> payloads = new H264Packetizer(1200).packetize(alloc, au);
        assertThat(payloads).hasSize(1);
        assertThat(ByteBufUtil.getBytes(payloads.get(0))).isEqualTo(nal(0x41, 1200));
        payloads.forEach(ByteBuf::release);
        au.release();
    }

    @Test
    void nalOneByteTooLargeIsFragmented() {
        ByteBuf au = annexB(alloc, nal(0x41, 1201));
        List<ByteBuf> payloads = new H264Packetizer(1200).packetize(alloc, au);
        assertThat(payloads).extracting(ByteBuf::readableBytes).containsExactly(1200, 2 + 2);
        payloads.forEach(ByteBuf::release);
        au.release();
    }

    @Test
    void aggregatesRunsBetweenLargeNals() {
        ByteBuf au = annexB(alloc, nal(0x06, 600), nal(0x41, 596), nal(0x41, 600), nal(0x41, 3));
        List<ByteBuf> payloads = new H264Packetizer(1200).packetize(alloc, au);
        // 1 + 2+600 + 2+596 = 1201 > 1200: SEI alone; then 596 + 600 = too big; then 600 + 3 fit
        assertThat(payloads).extracting(b -> NalUnit.type(b.getByte(0)))
                .containsExactly(NalUnit.SEI, NalUnit.SLICE, NalUnit.STAP_A);
        payloads.forEach(ByteBuf::release);
        au.release();
    }

    @Test
    void emptyInputGivesNoPayloads() {
        ByteBuf au = alloc.buffer();
        assertThat(new H264Packetizer(1200).packetize(alloc, au)).isEmpty();
        au.release();
        assertThatThrownBy(() -> new H264Packetizer(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
