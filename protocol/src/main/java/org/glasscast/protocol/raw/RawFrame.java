package org.glasscast.protocol.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One reassembled uncompressed picture: its planes back to back in {@link #content()} as
 * {@link RawFormat#planeOffset} lays them out, and what the depacketizer learned about it.
 * The receiver releases it.
 */
public final class RawFrame extends DefaultByteBufHolder {
    private final RawFormat format;
    private final long rtpTimestamp;
    private final long absCaptureTimeNtp;
    private final boolean complete;
    private final int packetCount;

    /** @param pixels {@link RawFormat#frameBytes()} readable octets, owned by this holder from now on */
    public RawFrame(ByteBuf pixels, RawFormat format, long rtpTimestamp, long absCaptureTimeNtp, boolean complete,
            int packetCount) {
        super(pixels);
        this.format = format;
        this.rtpTimestamp = rtpTimestamp;
        this.absCaptureTimeNtp = absCaptureTimeNtp;
        this.complete = complete;
        this.packetCount = packetCount;
    }

    public RawFormat format() {
        return format;
    }

    public int width() {
        return format.width();
    }

    public int height() {
        return format.height();
    }

    /** RTP timestamp of its packets (90 kHz). */
    public long rtpTimestamp() {
        return rtpTimestamp;
    }

    /** First non-zero abs-capture-time (64-bit NTP) seen in its packets, else 0. */
    public long absCaptureTimeNtp() {
        return absCaptureTimeNtp;
    }

    /**
     * Every pixel arrived, from gap-free packets ending with the marker. Pixels of an incomplete
     * frame that did not arrive are 0.
     */
    public boolean complete() {
        return complete;
    }

    /** RTP packets that carried it. */
    public int packetCount() {
        return packetCount;
    }

    /** Plane {@code i} (0 = Y or packed RGB, 1 = Cb, 2 = Cr) as a slice of the content: not retained. */
    public ByteBuf plane(int i) {
        return content().slice(content().readerIndex() + format.planeOffset(i),
                format.planeStride(i) * format.planeHeight(i));
    }

    /** Octets per line of plane {@code i}. */
    public int stride(int i) {
        return format.planeStride(i);
    }

    @Override
    public RawFrame replace(ByteBuf content) {
        return new RawFrame(content, format, rtpTimestamp, absCaptureTimeNtp, complete, packetCount);
    }

    @Override
    public RawFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public RawFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public RawFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public RawFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "RawFrame(" + format.sampling().sdpName() + " " + width() + "x" + height() + ", ts=" + rtpTimestamp
                + ", complete=" + complete + ", packets=" + packetCount + ")";
    }
}
