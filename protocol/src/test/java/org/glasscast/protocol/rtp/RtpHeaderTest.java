package org.glasscast.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    /** Packet with one CSRC, a one-word extension and 2 bytes of padding. */
    private static final byte[] FULL = {
            (byte) 0xB1,                         // V=2, P=1, X=1, CC=1
            (byte) 0xE0,                         // M=1, PT=96
            (byte) 0xFF, (byte) 0xFE,            // sequence number 65534
            (byte) 0x89, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, // timestamp 0x89ABCDEF
            (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, // SSRC 0xDEADBEEF
            0x00, 0x00, 0x00, 0x07,              // CSRC 7
            (byte) 0xBE, (byte) 0xDE, 0x00, 0x01, // extension: profile 0xBEDE, 1 word
            0x10, 0x2A, 0x00, 0x00,              // element id 1 L=0 data 0x2A, 2 padding bytes
            0x01, 0x02, 0x03,                    // payload
            0x00, 0x02,                          // padding, count 2 (includes itself)
    };

    @Test
    void readsEveryField() {
        ByteBuf p = Unpooled.wrappedBuffer(new byte[] {9, 9}, FULL).skipBytes(2);
        assertThat(RtpHeader.isValid(p)).isTrue();
        assertThat(RtpHeader.version(p)).isEqualTo(2);
        assertThat(RtpHeader.hasPadding(p)).isTrue();
        assertThat(RtpHeader.hasExtension(p)).isTrue();
        assertThat(RtpHeader.csrcCount(p)).isEqualTo(1);
        assertThat(RtpHeader.marker(p)).isTrue();
        assertThat(RtpHeader.payloadType(p)).isEqualTo(96);
        assertThat(RtpHeader.sequenceNumber(p)).isEqualTo(65534);
        assertThat(RtpHeader.timestamp(p)).isEqualTo(0x89ABCDEFL);
        assertThat(RtpHeader.ssrc(p)).isEqualTo(0xDEADBEEFL);
        assertThat(RtpHeader.headerLength(p)).isEqualTo(24);
        assertThat(RtpHeader.payloadLength(p)).isEqualTo(3);
        ByteBuf payload = RtpHeader.payload(p);
        assertThat(payload.readableBytes()).isEqualTo(3);
        assertThat(payload.getByte(0)).isEqualTo((byte) 1);
        assertThat(p.readerIndex()).isEqualTo(2);
        assertThat(p.release()).isTrue();
    }

    @Test
    void setMarkerTouchesOnlyTheMarkerBit() {
        ByteBuf p = Unpooled.copiedBuffer(FULL);
        RtpHeader.setMarker(p, false);
        assertThat(RtpHeader.marker(p)).isFalse();
        assertThat(RtpHeader.payloadType(p)).isEqualTo(96);
        RtpHeader.setMarker(p, true);
        assertThat(p.getByte(1)).isEqualTo((byte) 0xE0);
        p.release();
    }

    @Test
    void rejectsInconsistentPackets() {
        assertThat(valid(new byte[11])).isFalse();
        byte[] v1 = FULL.clone();
        v1[0] = (byte) 0x71; // version 1
        assertThat(valid(v1)).isFalse();
        byte[] zeroPadding = FULL.clone();
        zeroPadding[zeroPadding.length - 1] = 0; // padding count 0
        assertThat(valid(zeroPadding)).isFalse();
        byte[] bigPadding = FULL.clone();
        bigPadding[bigPadding.length - 1] = 6; // eats into the header
        assertThat(valid(bigPadding)).isFalse();
        byte[] longExtension = FULL.clone();
        longExtension[19] = 9; // extension length past the end
        assertThat(valid(longExtension)).isFalse();
        byte[] manyCsrcs = FULL.clone();
        manyCsrcs[0] = (byte) 0x8F; // 15 CSRCs in a 29-byte packet
        assertThat(valid(manyCsrcs)).isFalse();
        byte[] exact = {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}; // bare header, empty payload
        assertThat(valid(exact)).isTrue();
    }

    @Property(tries = 500)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 64) byte[] bytes) {
        ByteBuf p = Unpooled.wrappedBuffer(bytes);
        if (RtpHeader.isValid(p)) {
            assertThat(RtpHeader.payloadLength(p)).isGreaterThanOrEqualTo(0);
            assertThat(RtpHeader.payload(p).readableBytes()).isEqualTo(RtpHeader.payloadLength(p));
        }
        HeaderExtensions.find(p, 1);
        AbsCaptureTime.read(p, 1);
        p.release();
    }

    private static boolean valid(byte[] bytes) {
        ByteBuf p = Unpooled.wrappedBuffer(bytes);
        try {
            return RtpHeader.isValid(p);
        } finally {
            p.release();
        }
    }
}
