package org.glasscast.sender.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class EncodedVideoFrameTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1f, (byte) 0xda, 0x01, 0x40};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x0f, (byte) 0xc8};

    @Test
    void findsParameterSetsBehindBothStartCodeForms() {
        ByteBuf au = Unpooled.buffer();
        au.writeBytes(new byte[] {0, 0, 0, 1, 0x09, (byte) 0xf0}); // AUD, 4-byte start code
        au.writeBytes(new byte[] {0, 0, 0, 1}).writeBytes(SPS);     // SPS
        au.writeBytes(new byte[] {0, 0, 1}).writeBytes(PPS);        // PPS, 3-byte start code
        au.writeBytes(new byte[] {0, 0, 0, 1, 0x65, (byte) 0x88, 0, 0, 3, 1}); // IDR slice
        EncodedVideoFrame f = new EncodedVideoFrame(au, 5, 1_000, 90, true);
        assertThat(f.sps()).containsExactly(SPS);
        assertThat(f.pps()).containsExactly(PPS);
        assertThat(au.readerIndex()).isZero();
        assertThat(f.release()).isTrue();
        assertThat(au.refCnt()).isZero();
    }

    @Test
    void trailingZeroBytesAreNotPartOfTheNalUnit() {
        ByteBuf au = Unpooled.buffer();
        au.writeBytes(new byte[] {0, 0, 1}).writeBytes(SPS).writeBytes(new byte[] {0, 0}); // trailing_zero_8bits
        au.writeBytes(new byte[] {0, 0, 0, 1}).writeBytes(PPS);
        byte[][] sets = EncodedVideoFrame.parameterSets(au);
        assertThat(sets[0]).containsExactly(SPS);
        assertThat(sets[1]).containsExactly(PPS);
        au.release();
    }

    @Test
    void sliceOnlyHasNoParameterSets() {
        ByteBuf au = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0x41, (byte) 0x9a, 0x12});
        EncodedVideoFrame f = new EncodedVideoFrame(au, 1, 2, 3, false);
        assertThat(f.sps()).isNull();
        assertThat(f.pps()).isNull();
        EncodedVideoFrame copy = f.copy();
        assertThat(copy.index()).isEqualTo(1);
        assertThat(copy.captureMicros()).isEqualTo(2);
        assertThat(copy.pts90k()).isEqualTo(3);
        assertThat(copy.keyframe()).isFalse();
        copy.release();
        f.release();
    }
}
