package org.glasscast.protocol.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.glasscast.protocol.rtp.RtpHeader;
import org.glasscast.protocol.rtp.RtpSequenceNumber;

/**
 * Reassembles H.264 access units from RTP packets in sequence order (packetization-mode 1).
 *
 * <p>An access unit ends at the marker bit, or when a packet with another timestamp arrives (the
 * previous one is emitted first). Lost packets (sequence gaps) and malformed payloads mark it
 * incomplete; a fragmented NAL unit missing a fragment is dropped whole. Bad bytes are counted,
 * never thrown. A gap of exactly one packet right after an access unit that ended without its
 * marker is charged to that access unit only (the lost packet was its last, RFC 6184 §5.1); a
 * longer gap there makes both incomplete. Not thread-safe: one instance per stream, on one thread.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184#section-5">RFC 6184 §5</a>
 */
public final class H264Depacketizer {
    /** Packets at most this far behind the last one are late duplicates, dropped; further back is a new run. */
    private static final int LATE_WINDOW = 512;
    private static final int INITIAL_CAPACITY = 16 * 1024;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final ByteBufAllocator alloc;
    private final int maxAccessUnitBytes;
    private final int absCaptureTimeExtId;

    private boolean haveLastSequence;
    private int lastSequence;

    private boolean open;
    private ByteBuf annexB;
    private long rtpTimestamp;
    private int firstSequence;
    private int auLastSequence;
    private int packetCount;
    private boolean keyframe;
    private boolean complete;
    private boolean oversize;
    private long absCaptureTimeNtp;

    private boolean fuActive;
    private int fuStart;
    private int fuType;

    private long malformedCount;
    private long incompleteCount;
    private long oversizeCount;
    private long lateCount;

    /**
     * @param alloc allocates the access units' content
     * @param maxAccessUnitBytes larger access units are dropped and counted
     * @param absCaptureTimeExtId one-byte extension id of abs-capture-time; 0 or less: not read
     */
    public H264Depacketizer(ByteBufAllocator alloc, int maxAccessUnitBytes, int absCaptureTimeExtId) {
        if (maxAccessUnitBytes < START_CODE.length + 1) {
            throw new IllegalArgumentException("maxAccessUnitBytes too small: " + maxAccessUnitBytes);
        }
        this.alloc = alloc;
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        this.absCaptureTimeExtId = absCaptureTimeExtId;
    }

    /**
     * Takes one RTP packet; emits zero, one or two access units to {@code out}.
     *
     * @param rtpPacket a whole RTP packet at readerIndex; read only, not released: the caller still owns it
     * @param out receives access units it then owns and releases
     */
    public void depacketize(ByteBuf rtpPacket, Consumer<AccessUnit> out) {
        if (!RtpHeader.isValid(rtpPacket)) {
            malformedCount++;
            return;
        }
        int sequence = RtpHeader.sequenceNumber(rtpPacket);
        long timestamp = RtpHeader.timestamp(rtpPacket);
        int lost = 0;
        if (haveLastSequence) {
            int distance = RtpSequenceNumber.diff(sequence, lastSequence);
            if (distance <= 0 && distance > -LATE_WINDOW) {
                lateCount++;
                return;
            }
            lost = distance > 0 ? distance - 1 : Integer.MAX_VALUE; // far back: a discontinuity
        }
        haveLastSequence = true;
        lastSequence = sequence;

        boolean startIncomplete = false;
        if (open && timestamp != rtpTimestamp) {
            if (lost > 0) {
                complete = false;        // at least its marker packet was lost
                startIncomplete = lost > 1;
            }
            finish(out);
        } else if (open && lost > 0) {
            loseFragmentedNal();
            complete = false;
        } else if (lost > 0) {
            startIncomplete = true;      // the previous one ended with its marker
        }
        if (!open) {
            start(timestamp, sequence);
        }
        if (startIncomplete) {
            complete = false;
        }
        packetCount++;
        auLastSequence = sequence;
        if (absCaptureTimeNtp == 0 && absCaptureTimeExtId > 0) {
            absCaptureTimeNtp = AbsCaptureTime.read(rtpPacket, absCaptureTimeExtId);
        }
        payload(RtpHeader.payload(rtpPacket));
        if (RtpHeader.marker(rtpPacket)) {
            finish(out);
        }
    }

    /** Emits the access unit in progress, if any, as if the timestamp had changed. */
    public void flush(Consumer<AccessUnit> out) {
        if (open) {
            finish(out);
        }
    }

    /** Drops the access unit in progress and the sequence history; releases buffers. */
    public void reset() {
        releaseContent();
        open = false;
        fuActive = false;
        haveLastSequence = false;
    }

    /** Packets with a bad RTP header or a bad or unsupported H.264 payload. */
    public long malformedCount() {
        return malformedCount;
    }

    /** Access units that ended incomplete, emitted or not. */
    public long incompleteCount() {
        return incompleteCount;
    }

    /** Access units dropped for being larger than maxAccessUnitBytes. */
    public long oversizeCount() {
        return oversizeCount;
    }

    /** Packets dropped for coming after a later one (duplicates, reordering the reorder buffer missed). */
    public long lateCount() {
        return lateCount;
    }

    private void start(long timestamp, int sequence) {
        open = true;
        rtpTimestamp = timestamp;
        firstSequence = sequence;
        auLastSequence = sequence;
        packetCount = 0;
        keyframe = false;
        complete = true;
        oversize = false;
        absCaptureTimeNtp = 0;
        fuActive = false;
    }

    private void finish(Consumer<AccessUnit> out) {
        loseFragmentedNal(); // a fragmented NAL unit without its end fragment
        open = false;
        ByteBuf content = annexB;
        annexB = null;
        if (oversize) {
            oversizeCount++;
            if (content != null) {
                content.release();
            }
            content = null;
            complete = false;
        }
        if (!complete) {
            incompleteCount++;
        }
        if (content == null) {
            if (complete) {
                return; // nothing but empty payloads: no picture, and none missing
            }
            // nothing usable is left of it (its only NAL unit lost a fragment, or it was too big),
            // but it is a picture missing: said with an empty, incomplete access unit, or the
            // pictures after it would be decoded against one the decoder never had
            content = Unpooled.EMPTY_BUFFER;
        }
        out.accept(new AccessUnit(content, rtpTimestamp, keyframe, complete, absCaptureTimeNtp, firstSequence,
                auLastSequence, packetCount));
    }

    private void payload(ByteBuf payload) {
        if (!payload.isReadable()) {
            malformed();
            return;
        }
        int index = payload.readerIndex();
        int type = NalUnit.type(payload.getByte(index));
        if (type >= 1 && type <= 23) {
            loseFragmentedNal();
            appendNal(payload, index, payload.readableBytes());
        } else if (type == NalUnit.STAP_A) {
            loseFragmentedNal();
            stapA(payload);
        } else if (type == NalUnit.FU_A) {
            fuA(payload);
        } else {
            malformed(); // 0, 30, 31 undefined; STAP-B, MTAPs, FU-B not allowed in mode 1
        }
    }

    /** STAP-A, RFC 6184 §5.7.1: [F|NRI|24] then ([size 16] [NAL unit])+, all checked before any is taken. */
    private void stapA(ByteBuf payload) {
        int first = payload.readerIndex() + 1;
        int end = payload.writerIndex();
        int i = first;
        while (i < end) {
            int size = end - i >= 2 ? payload.getUnsignedShort(i) : 0;
            if (size == 0 || i + 2 + size > end || !isSingleNalType(payload.getByte(i + 2))) {
                malformed();
                return;
            }
            i += 2 + size;
        }
        if (i == first) {
            malformed(); // no NAL unit in it
            return;
        }
        for (i = first; i < end; i += 2 + payload.getUnsignedShort(i)) {
            appendNal(payload, i + 2, payload.getUnsignedShort(i));
        }
    }

    /** FU-A, RFC 6184 §5.8: [F|NRI|28] [S|E|R|type] [fragment]. */
    private void fuA(ByteBuf payload) {
        int index = payload.readerIndex();
        int length = payload.readableBytes();
        if (length < 3) {
            loseFragmentedNal();
            malformed();
            return;
        }
        int indicator = payload.getUnsignedByte(index);
        int fuHeader = payload.getUnsignedByte(index + 1);
        boolean startBit = (fuHeader & 0x80) != 0;
        boolean endBit = (fuHeader & 0x40) != 0;
        int type = NalUnit.type(fuHeader);
        if (!isSingleNalType(type)) {
            loseFragmentedNal();
            malformed();
            return;
        }
        if (startBit) {
            loseFragmentedNal();
            if (!reserve(START_CODE.length + length - 1)) {
                return;
            }
            fuStart = annexB.writerIndex();
            annexB.writeBytes(START_CODE);
            annexB.writeByte((indicator & 0xE0) | type); // NAL header rebuilt: F|NRI from indicator, type from FU header
            annexB.writeBytes(payload, index + 2, length - 2);
            keyframe |= type == NalUnit.IDR;
            fuActive = !endBit;
            fuType = type;
        } else if (!fuActive) {
            complete = false; // its start was lost: the fragment is useless
        } else if (type != fuType) {
            loseFragmentedNal();
            malformed();
        } else if (reserve(length - 2)) {
            annexB.writeBytes(payload, index + 2, length - 2);
            fuActive = !endBit;
        }
    }

    private void appendNal(ByteBuf src, int index, int length) {
        if (!reserve(START_CODE.length + length)) {
            return;
        }
        annexB.writeBytes(START_CODE);
        annexB.writeBytes(src, index, length);
        keyframe |= NalUnit.type(src.getByte(index)) == NalUnit.IDR;
    }

    /** Makes room for {@code bytes} more, or marks the access unit oversize and frees its content. */
    private boolean reserve(int bytes) {
        if (oversize) {
            return false;
        }
        int used = annexB == null ? 0 : annexB.writerIndex();
        if (used + bytes > maxAccessUnitBytes) {
            oversize = true;
            fuActive = false;
            releaseContent();
            return false;
        }
        if (annexB == null) {
            annexB = alloc.buffer(Math.min(maxAccessUnitBytes, Math.max(bytes, INITIAL_CAPACITY)), maxAccessUnitBytes);
        }
        return true;
    }

    /** Drops a fragmented NAL unit in progress (its later fragments will not come); marks incomplete. */
    private void loseFragmentedNal() {
        if (fuActive) {
            fuActive = false;
            complete = false;
            if (annexB != null) {
                annexB.writerIndex(fuStart);
            }
        }
    }

    private void malformed() {
        malformedCount++;
        complete = false;
    }

    private void releaseContent() {
        if (annexB != null) {
            annexB.release();
            annexB = null;
        }
    }

    private static boolean isSingleNalType(int headerOrType) {
        int type = NalUnit.type(headerOrType);
        return type >= 1 && type <= 23;
    }
}
