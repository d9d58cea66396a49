package org.glasscast.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpPacketWriterTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @Test
    void writesHeaderAndPayloadWithoutExtension() {
        RtpPacketWriter w = new RtpPacketWriter(96, 0xCAFEBABEL, 65535);
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ByteBuf p = w.write(alloc, payload, 0x1_0000_0005L, true, 0);
        assertThat(ByteBufUtil.hexDump(p)).isEqualTo(""
                + "80"          // V=2, no P/X, CC=0
                + "e0"          // M=1, PT=96
                + "ffff"        // sequence 65535
                + "00000005"    // timestamp: low 32 bits
                + "cafebabe"    // SSRC
                + "010203");    // payload
        assertThat(payload.readerIndex()).isZero();
        assertThat(w.nextSequenceNumber()).isZero();
        assertThat(w.packetCount()).isEqualTo(1);
        assertThat(w.octetCount()).isEqualTo(3);
        assertThat(w.lastTimestamp()).isEqualTo(5);
        assertThat(w.payloadType()).isEqualTo(96);
        assertThat(w.ssrc()).isEqualTo(0xCAFEBABEL);
        p.release();
        assertThat(payload.release()).isTrue();
    }

    @Test
    void writesAbsCaptureTimeInAOneByteExtension() {
        RtpPacketWriter w = new RtpPacketWriter(97, 1, 10);
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {0x65});
        long ntp = 0x1122334455667788L;
        ByteBuf p = w.write(alloc, payload, 90_000, false, ntp);
        assertThat(ByteBufUtil.hexDump(p)).isEqualTo(""
                + "90" + "61" + "000a" + "00015f90" + "00000001" // V=2 X=1 | PT 97 | seq 10 | ts | SSRC
                + "bede" + "0003"                                // one-byte profile, 3 words
                + "17" + "1122334455667788" + "000000"           // id 1 L=7, NTP time, padding
                + "65");                                         // payload
        assertThat(RtpHeader.isValid(p)).isTrue();
        assertThat(AbsCaptureTime.read(p, AbsCaptureTime.DEFAULT_ID)).isEqualTo(ntp);
        assertThat(RtpHeader.payloadLength(p)).isEqualTo(1);
        assertThat(w.octetCount()).isEqualTo(1);
        p.release();
        payload.release();
        assertThat(p.refCnt()).isZero();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new RtpPacketWriter(128, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacketWriter(96, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacketWriter(96, 1, 0, 15)).isInstanceOf(IllegalArgumentException.class);
    }
}
