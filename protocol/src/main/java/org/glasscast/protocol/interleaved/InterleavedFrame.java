package org.glasscast.protocol.interleaved;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One packet interleaved in an RTSP connection, on the channel SETUP negotiated
 * ({@code interleaved=0-1}: RTP on 0, RTCP on 1). Whoever holds it releases it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2326#section-10.12">RFC 2326 §10.12</a>
 */
public final class InterleavedFrame extends DefaultByteBufHolder {
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

    private final int channel;

    /** @param payload owned by the frame from now on */
    public InterleavedFrame(int channel, ByteBuf payload) {
        super(payload);
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException("channel not in 0..255: " + channel);
        }
        this.channel = channel;
    }

    public int channel() {
        return channel;
    }

    @Override
    public InterleavedFrame replace(ByteBuf content) {
        return new InterleavedFrame(channel, content);
    }

    @Override
    public InterleavedFrame copy() {
        return (InterleavedFrame) super.copy();
    }

    @Override
    public InterleavedFrame duplicate() {
        return (InterleavedFrame) super.duplicate();
    }

    @Override
    public InterleavedFrame retainedDuplicate() {
        return (InterleavedFrame) super.retainedDuplicate();
    }

    @Override
    public InterleavedFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public InterleavedFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public InterleavedFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public InterleavedFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterleavedFrame other && channel == other.channel && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + channel;
    }

    @Override
    public String toString() {
        return "InterleavedFrame(channel=" + channel + ", bytes=" + content().readableBytes() + ")";
    }
}
