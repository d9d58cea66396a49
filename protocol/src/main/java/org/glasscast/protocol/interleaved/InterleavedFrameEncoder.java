package org.glasscast.protocol.interleaved;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link InterleavedFrame}s into the RTSP connection; the frame is released after writing.
 *
 * <pre>
 * +--------+---------+-----------------+---------------------+
 * | '$' 8  | channel | length 16 (BE)  | RTP or RTCP packet  |
 * +--------+---------+-----------------+---------------------+
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2326#section-10.12">RFC 2326 §10.12</a>
 */
@Sharable
public final class InterleavedFrameEncoder extends MessageToByteEncoder<InterleavedFrame> {
    public static final int HEADER_LENGTH = 4;

    public InterleavedFrameEncoder() {
        super(InterleavedFrame.class);
    }

    /** Exactly the frame's size, so the copy never reallocates (capped: too large a frame fails in encode). */
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, InterleavedFrame frame, boolean preferDirect) {
        int length = HEADER_LENGTH + Math.min(frame.content().readableBytes(), InterleavedFrame.MAX_PAYLOAD_LENGTH);
        return preferDirect ? ctx.alloc().ioBuffer(length) : ctx.alloc().heapBuffer(length);
    }

    /** @throws EncoderException if the payload is longer than 65535 bytes */
    @Override
    protected void encode(ChannelHandlerContext ctx, InterleavedFrame frame, ByteBuf out) {
        ByteBuf payload = frame.content();
        int length = payload.readableBytes();
        if (length > InterleavedFrame.MAX_PAYLOAD_LENGTH) {
            throw new EncoderException("interleaved payload of " + length + " bytes > 65535");
        }
        out.writeByte('$');
        out.writeByte(frame.channel());
        out.writeShort(length);
        out.writeBytes(payload, payload.readerIndex(), length);
    }
}
