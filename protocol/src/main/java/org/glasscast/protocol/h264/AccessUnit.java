package org.glasscast.protocol.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One reassembled H.264 access unit: its NAL units in Annex B form (each after 00 00 00 01) and
 * what the depacketizer learned about it. The receiver releases it.
 */
public final class AccessUnit extends DefaultByteBufHolder {
    private final long rtpTimestamp;
    private final boolean keyframe;
    private final boolean complete;
    private final long absCaptureTimeNtp;
    private final int firstSequence;
    private final int lastSequence;
    private final int packetCount;

    /** @param annexB the content, owned by this holder from now on */
    public AccessUnit(ByteBuf annexB, long rtpTimestamp, boolean keyframe, boolean complete, long absCaptureTimeNtp,
            int firstSequence, int lastSequence, int packetCount) {
        super(annexB);
        this.rtpTimestamp = rtpTimestamp;
        this.keyframe = keyframe;
        this.complete = complete;
        this.absCaptureTimeNtp = absCaptureTimeNtp;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.packetCount = packetCount;
    }

    /** RTP timestamp of its packets (90 kHz for video). */
    public long rtpTimestamp() {
        return rtpTimestamp;
    }

    /** Contains an IDR slice. */
    public boolean keyframe() {
        return keyframe;
    }

    /** No packet of it was lost or malformed, and it ended with the marker or (gap-free) a timestamp change. */
    public boolean complete() {
        return complete;
    }

    /** First non-zero abs-capture-time (64-bit NTP) seen in its packets, else 0. */
    public long absCaptureTimeNtp() {
        return absCaptureTimeNtp;
    }

    public int firstSequence() {
        return firstSequence;
    }

    public int lastSequence() {
        return lastSequence;
    }

    /** RTP packets that carried it. */
    public int packetCount() {
        return packetCount;
    }

    @Override
    public AccessUnit replace(ByteBuf content) {
        return new AccessUnit(content, rtpTimestamp, keyframe, complete, absCaptureTimeNtp, firstSequence,
                lastSequence, packetCount);
    }

    @Override
    public AccessUnit copy() {
        return (AccessUnit) super.copy();
    }

    @Override
    public AccessUnit duplicate() {
        return (AccessUnit) super.duplicate();
    }

    @Override
    public AccessUnit retainedDuplicate() {
        return (AccessUnit) super.retainedDuplicate();
    }

    @Override
    public AccessUnit retain() {
        super.retain();
        return this;
    }

    @Override
    public AccessUnit retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public AccessUnit touch() {
        super.touch();
        return this;
    }

    @Override
    public AccessUnit touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "AccessUnit(ts=" + rtpTimestamp + ", seq=" + firstSequence + ".." + lastSequence + ", packets="
                + packetCount + ", bytes=" + content().readableBytes() + (keyframe ? ", keyframe" : "")
                + (complete ? "" : ", incomplete") + ")";
    }
}
