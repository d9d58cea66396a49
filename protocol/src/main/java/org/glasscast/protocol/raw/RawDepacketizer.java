package org.glasscast.protocol.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.glasscast.protocol.rtp.RtpHeader;
import org.glasscast.protocol.rtp.RtpSequenceNumber;

/**
 * Reassembles RFC 4175 frames from RTP packets in sequence order, writing each line segment
 * straight to its place in one frame-sized buffer.
 *
 * <p>A frame ends at the marker bit, or when a packet with another timestamp arrives (the previous
 * frame is emitted first). It is complete when every pixel octet arrived, from packets with no
 * sequence gap between them, none malformed, and it ended with the marker; lost pixels read 0.
 * Which frame a lost packet belonged to needs no guessing: a frame short of pixels is incomplete.
 * The Extended Sequence Number is not used (progressive video needs only the 16-bit one).
 * Bad bytes (truncated headers, lines or offsets outside the picture, lengths that are not whole
 * pgroups, interlaced fields) are counted and the packet dropped, never thrown.
 *
 * <p>Frame buffers come from a pool of {@value #POOLED_FRAMES}: a frame's buffer is reused once
 * whoever took the {@link RawFrame} released it (on any thread), so a steady stream allocates no
 * frame memory; a consumer holding more frames than that gets extra buffers from {@code alloc},
 * counted by {@link #poolOverflowCount()}. {@link #close()} gives the pool back. Not thread-safe:
 * one instance per stream, on one thread.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4175#section-4">RFC 4175 §4</a>
 */
public final class RawDepacketizer {
    /** Packets at most this far behind the last one are late duplicates, dropped; further back is a new run. */
    private static final int LATE_WINDOW = 512;
    /** Frames in flight at once: one being filled, one decoded or shown, one waiting in a hand-off, one spare. */
    static final int POOLED_FRAMES = 4;

    private final RawFormat format;
    private final FrameBufferPool pool;
    private final RawLayout layout;
    private final int absCaptureTimeExtId;

    private boolean haveLastSequence;
    private int lastSequence;

    private ByteBuf frame;
    private long rtpTimestamp;
    private long absCaptureTimeNtp;
    private int packetCount;
    private long coveredBytes;
    private boolean damaged;

    private long malformedCount;
    private long incompleteCount;
    private long lateCount;
    private long lostCount;
    private long frameCount;

    /** Reads abs-capture-time under {@link AbsCaptureTime#DEFAULT_ID}. */
    public RawDepacketizer(RawFormat format, ByteBufAllocator alloc) {
        this(format, alloc, AbsCaptureTime.DEFAULT_ID);
    }

    /** @param absCaptureTimeExtId one-byte extension id of abs-capture-time; 0 or less: not read */
    public RawDepacketizer(RawFormat format, ByteBufAllocator alloc, int absCaptureTimeExtId) {
        this.format = format;
        this.pool = new FrameBufferPool(alloc, format.frameBytes(), POOLED_FRAMES);
        this.layout = new RawLayout(format);
        this.absCaptureTimeExtId = absCaptureTimeExtId;
    }

    public RawFormat format() {
        return format;
    }

    /**
     * Takes one RTP packet; emits zero, one or two frames to {@code out}.
     *
     * @param rtpPacket a whole RTP packet at readerIndex; read only, not released: the caller still owns it
     * @param out receives frames it then owns and releases
     */
    public void depacketize(ByteBuf rtpPacket, Consumer<RawFrame> out) {
        if (!RtpHeader.isValid(rtpPacket)) {
            malformedCount++;
            return;
        }
        int sequence = RtpHeader.sequenceNumber(rtpPacket);
        long timestamp = RtpHeader.timestamp(rtpPacket);
        boolean gap = false;
        if (haveLastSequence) {
            int distance = RtpSequenceNumber.diff(sequence, lastSequence);
            if (distance <= 0 && distance > -LATE_WINDOW) {
                lateCount++;
                return;
            }
            gap = distance != 1;
            if (distance > 1) {
                lostCount += distance - 1;
            }
        }
        haveLastSequence = true;
        lastSequence = sequence;

        if (frame != null && timestamp != rtpTimestamp) {
            finish(out, false);
        }
        if (frame == null) {
            start(timestamp);
        } else if (gap) {
            damaged = true;
        }
        packetCount++;
        if (absCaptureTimeNtp == 0 && absCaptureTimeExtId > 0) {
            absCaptureTimeNtp = AbsCaptureTime.read(rtpPacket, absCaptureTimeExtId);
        }
        if (!payload(RtpHeader.payload(rtpPacket))) {
            malformedCount++;
            damaged = true;
        }
        if (RtpHeader.marker(rtpPacket)) {
            finish(out, true);
        }
    }

    /** Emits the frame in progress, if any, as if the timestamp had changed (so it is incomplete). */
    public void flush(Consumer<RawFrame> out) {
        if (frame != null) {
            finish(out, false);
        }
    }

    /** Drops the frame in progress and the sequence history; releases its buffer. */
    public void reset() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
        haveLastSequence = false;
    }

    /** {@link #reset()}, then releases the pooled frame buffers (frames still held stay valid). */
    public void close() {
        reset();
        pool.close();
    }

    /** Frames whose buffer came from outside the pool because the consumer still held all pooled ones. */
    public long poolOverflowCount() {
        return pool.overflowCount();
    }

    /** Packets with a bad RTP header or a bad RFC 4175 payload. */
    public long malformedCount() {
        return malformedCount;
    }

    /** Frames emitted incomplete. */
    public long incompleteCount() {
        return incompleteCount;
    }

    /** Packets dropped for coming after a later one (duplicates, reordering the reorder buffer missed). */
    public long lateCount() {
        return lateCount;
    }

    /** Packets missing from sequence-number gaps. */
    public long lostCount() {
        return lostCount;
    }

    /** Frames emitted, complete or not. */
    public long frameCount() {
        return frameCount;
    }

    private void start(long timestamp) {
        frame = pool.acquire();
        frame.setZero(0, format.frameBytes());
        rtpTimestamp = timestamp;
        absCaptureTimeNtp = 0;
        packetCount = 0;
        coveredBytes = 0;
        damaged = false;
    }

    private void finish(Consumer<RawFrame> out, boolean marker) {
        ByteBuf pixels = frame;
        frame = null;
        boolean complete = marker && !damaged && coveredBytes == format.frameBytes();
        if (!complete) {
            incompleteCount++;
        }
        frameCount++;
        out.accept(new RawFrame(pixels, format, rtpTimestamp, absCaptureTimeNtp, complete, packetCount));
    }

    /** Copies the payload's segments into the frame; false (and nothing copied) if it is malformed. */
    private boolean payload(ByteBuf payload) {
        int index = payload.readerIndex();
        int end = index + payload.readableBytes();
        int headers = index + RawPacketizer.EXTENDED_SEQUENCE_LENGTH;
        int data = headers;
        boolean more = true;
        while (more) {
            if (data + RawPacketizer.LINE_HEADER_LENGTH > end) {
                return false;                                   // truncated header list
            }
            more = (payload.getByte(data + 4) & 0x80) != 0;     // C bit
            data += RawPacketizer.LINE_HEADER_LENGTH;
        }
        long dataBytes = 0;
        for (int h = headers; h < data; h += RawPacketizer.LINE_HEADER_LENGTH) {
            int length = payload.getUnsignedShort(h);
            int fieldAndLine = payload.getUnsignedShort(h + 2);
            int offset = payload.getUnsignedShort(h + 4) & 0x7FFF;
            if (!validSegment(length, fieldAndLine, offset)) {
                return false;
            }
            dataBytes += length;
        }
        if (data + dataBytes > end) {
            return false;                                       // truncated pixel data
        }
        int pixels = data;
        for (int h = headers; h < data; h += RawPacketizer.LINE_HEADER_LENGTH) {
            int length = payload.getUnsignedShort(h);
            layout.unpack(payload, pixels, payload.getUnsignedShort(h + 2),
                    payload.getUnsignedShort(h + 4) & 0x7FFF, length / format.pgroupBytes(), frame);
            pixels += length;
            coveredBytes += length;
        }
        return true;
    }

    /** Whole pgroups, progressive (F = 0), inside the picture, starting on a pgroup boundary. */
    private boolean validSegment(int length, int fieldAndLine, int offset) {
        if (length == 0 || length % format.pgroupBytes() != 0 || (fieldAndLine & 0x8000) != 0) {
            return false;
        }
        int pixels = length / format.pgroupBytes() * format.pgroupPixels();
        return fieldAndLine % format.pgroupLines() == 0 && fieldAndLine + format.pgroupLines() <= format.height()
                && offset % format.pgroupPixels() == 0 && offset + pixels <= format.width();
    }
}
