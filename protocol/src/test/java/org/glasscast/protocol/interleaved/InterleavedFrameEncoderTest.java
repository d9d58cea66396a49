package org.glasscast.protocol.interleaved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;

class InterleavedFrameEncoderTest {

    @Test
    void writesDollarChannelLengthPayload() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameEncoder());
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0x60, 0x00, 0x01});
        InterleavedFrame frame = new InterleavedFrame(1, payload);
        assertThat(ch.writeOutbound(frame)).isTrue();
        ByteBuf out = ch.readOutbound();
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(""
                + "24"          // '$'
                + "01"          // channel 1
                + "0004"        // length 4
                + "80600001");  // payload
        out.release();
        assertThat(payload.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void rejectsPayloadsOver65535Bytes() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameEncoder());
        ByteBuf payload = Unpooled.buffer(65536).writeZero(65536);
        assertThatThrownBy(() -> ch.writeOutbound(new InterleavedFrame(0, payload))).isInstanceOf(EncoderException.class);
        assertThat(payload.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void holderOperationsKeepTheChannel() {
        InterleavedFrame frame = new InterleavedFrame(3, Unpooled.wrappedBuffer(new byte[] {1, 2}));
        InterleavedFrame dup = frame.retainedDuplicate();
        assertThat(dup.channel()).isEqualTo(3);
        assertThat(dup).isEqualTo(frame);
        assertThat(frame.replace(Unpooled.EMPTY_BUFFER).channel()).isEqualTo(3);
        InterleavedFrame copy = frame.copy();
        assertThat(copy.channel()).isEqualTo(3);
        assertThat(copy).isNotEqualTo(new InterleavedFrame(4, Unpooled.wrappedBuffer(new byte[] {1, 2})));
        copy.release();
        dup.release();
        assertThat(frame.release()).isTrue();
        assertThatThrownBy(() -> new InterleavedFrame(256, Unpooled.EMPTY_BUFFER)).isInstanceOf(IllegalArgumentException.class);
    }
}
