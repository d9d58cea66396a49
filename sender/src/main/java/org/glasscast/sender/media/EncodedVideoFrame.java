package org.glasscast.sender.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One encoded picture: an H.264 access unit in Annex B form (start code + NAL unit, …) with the
 * capture metadata of the picture it came from.
 *
 * <p>Reference counted: whoever receives it from {@link H264Encoder#encode} owns it and must
 * {@link #release()} it (or pass it on to something that does).
 */
public final class EncodedVideoFrame extends DefaultByteBufHolder {

    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;

    private final long index;
    private final long captureMicros;
    private final long pts90k;
    private final boolean keyframe;

    public EncodedVideoFrame(ByteBuf annexB, long index, long captureMicros, long pts90k, boolean keyframe) {
        super(annexB);
        this.index = index;
        this.captureMicros = captureMicros;
        this.pts90k = pts90k;
        this.keyframe = keyframe;
    }

    /** Frame index stamped by the capture loop. */
    public long index() {
        return index;
    }

    /** Capture instant of the picture, µs since the Unix epoch. */
    public long captureMicros() {
        return captureMicros;
    }

    /** Presentation time on the 90 kHz capture clock, as given to the encoder (strictly increasing). */
    public long pts90k() {
        return pts90k;
    }

    /** True for an IDR access unit (AV_PKT_FLAG_KEY). */
    public boolean keyframe() {
        return keyframe;
    }

    /** The first SPS NAL unit (header byte included, no start code), or null. */
    public byte[] sps() {
        return parameterSets(content())[0];
    }

    /** The first PPS NAL unit (header byte included, no start code), or null. */
    public byte[] pps() {
        return parameterSets(content())[1];
    }

    /**
     * Finds the first SPS and PPS in an Annex B buffer, without moving its indexes.
     *
     * @return {@code {sps, pps}}, either element null when absent
     */
    public static byte[][] parameterSets(ByteBuf annexB) {
        byte[][] found = new byte[2][];
        int end = annexB.writerIndex();
        int nal = nextNalStart(annexB, annexB.readerIndex(), end);
        while (nal >= 0 && nal < end) {
            int next = nextNalStart(annexB, nal, end);
            int nalEnd = next < 0 ? end : startCodeBegin(annexB, next, nal);
            int type = annexB.getByte(nal) & 0x1f;
            if ((type == NAL_SPS && found[0] == null) || (type == NAL_PPS && found[1] == null)) {
                byte[] bytes = new byte[nalEnd - nal];
                annexB.getBytes(nal, bytes);
                found[type == NAL_SPS ? 0 : 1] = bytes;
            }
            nal = next;
        }
        return found;
    }

    /** Index of the first byte after the next 00 00 01 at or after {@code from}, or -1. */
    private static int nextNalStart(ByteBuf b, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (b.getByte(i) == 0 && b.getByte(i + 1) == 0 && b.getByte(i + 2) == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** Where the start code ending just before {@code nalStart} begins (3- or 4-byte form). */
    private static int startCodeBegin(ByteBuf b, int nalStart, int floor) {
        int begin = nalStart - 3;
        while (begin > floor && b.getByte(begin - 1) == 0) {
            begin--; // 00 00 00 01, and trailing_zero_8bits of the previous NAL unit
        }
        return begin;
    }

    @Override
    public EncodedVideoFrame copy() {
        return replace(content().copy());
    }

    @Override
    public EncodedVideoFrame duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public EncodedVideoFrame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public EncodedVideoFrame replace(ByteBuf content) {
        return new EncodedVideoFrame(content, index, captureMicros, pts90k, keyframe);
    }

    @Override
    public EncodedVideoFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public EncodedVideoFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public EncodedVideoFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public EncodedVideoFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "EncodedVideoFrame(index=" + index + ", captureMicros=" + captureMicros + ", pts90k=" + pts90k
                + ", keyframe=" + keyframe + ", bytes=" + content().readableBytes() + ")";
    }
}
