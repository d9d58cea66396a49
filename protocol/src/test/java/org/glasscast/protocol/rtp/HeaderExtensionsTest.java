package org.glasscast.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {

    private static ByteBuf packet(int profile, int... extension) {
        ByteBuf p = Unpooled.buffer();
        p.writeByte(0x90);                       // V=2, X=1
        p.writeByte(96);                         // PT 96
        p.writeShort(1);                         // sequence
        p.writeInt(0);                           // timestamp
        p.writeInt(0x1234);                      // SSRC
        p.writeShort(profile);                   // extension profile
        p.writeShort((extension.length + 3) / 4); // length in words
        for (int b : extension) {
            p.writeByte(b);
        }
        p.writeZero((4 - extension.length % 4) % 4);
        p.writeByte(0x65);                       // payload
        return p;
    }

    @Test
    void findsElementsAcrossPadding() {
        ByteBuf p = packet(0xBEDE,
                0x10, 0xAA,                      // id 1, L=0: 1 byte
                0x00, 0x00,                      // padding
                0x21, 0xBB, 0xCC,                // id 2, L=1: 2 bytes
                0x37, 1, 2, 3, 4, 5, 6, 7, 8);   // id 3, L=7: 8 bytes
        assertThat(HeaderExtensions.find(p, 1)).isEqualTo(17);
        assertThat(HeaderExtensions.length(p, 1)).isEqualTo(1);
        assertThat(HeaderExtensions.find(p, 2)).isEqualTo(21);
        assertThat(HeaderExtensions.length(p, 2)).isEqualTo(2);
        assertThat(HeaderExtensions.find(p, 3)).isEqualTo(24);
        assertThat(HeaderExtensions.length(p, 3)).isEqualTo(8);
        assertThat(AbsCaptureTime.read(p, 3)).isEqualTo(0x0102030405060708L);
        assertThat(AbsCaptureTime.read(p, 2)).isZero(); // wrong length
        assertThat(HeaderExtensions.find(p, 4)).isEqualTo(-1);
        assertThat(HeaderExtensions.find(p, 0)).isEqualTo(-1);
        assertThat(HeaderExtensions.find(p, 15)).isEqualTo(-1);
        p.release();
    }

    @Test
    void stopsAtIdFifteen() {
        ByteBuf p = packet(0xBEDE,
                0xF0,                            // id 15: stop
                0x10, 0xAA);                     // id 1 after the stop: not read
        assertThat(HeaderExtensions.find(p, 1)).isEqualTo(-1);
        p.release();
    }

    @Test
    void ignoresTwoByteProfile() {
        ByteBuf p = packet(0x1000,
                0x01, 0x01, 0xAA);               // two-byte form: id 1, length 1
        assertThat(HeaderExtensions.find(p, 1)).isEqualTo(-1);
        p.release();
    }

    @Test
    void elementRunningPastTheBlockIsAbsent() {
        ByteBuf p = packet(0xBEDE,
                0x1F, 0xAA, 0xBB, 0xCC);         // id 1, L=15 but only 3 bytes left
        assertThat(HeaderExtensions.find(p, 1)).isEqualTo(-1);
        p.release();
    }

    @Test
    void absCaptureTimeWithClockOffsetReadsOnlyTheTime() {
        int[] ext = new int[17];
        ext[0] = 0x1F;                           // id 1, L=15: time + offset
        for (int i = 1; i <= 16; i++) {
            ext[i] = i;                          // time 01..08, offset 09..10
        }
        ByteBuf p = packet(0xBEDE, ext);
        assertThat(AbsCaptureTime.read(p, 1)).isEqualTo(0x0102030405060708L);
        p.release();
    }

    @Test
    void noExtensionBitMeansAbsent() {
        ByteBuf p = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x65});
        assertThat(AbsCaptureTime.read(p, AbsCaptureTime.DEFAULT_ID)).isZero();
        p.release();
    }
}
