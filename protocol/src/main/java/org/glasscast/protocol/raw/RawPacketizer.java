package org.glasscast.protocol.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.rtp.RtpSequenceNumber;

/**
 * Splits one picture into RFC 4175 RTP payloads, each filled with as many whole pgroups as fit:
 * a line continues in the next packet at an offset, and several lines share a packet when they fit.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Extended Sequence Number    |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |F|          Line No            |C|           Offset            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |F|          Line No            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|           Offset            |                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               .
 * .                 pixel data of each segment, in header order   .
 * </pre>
 *
 * Length is in octets, Line No the scan line (for 4:2:0 the first, even, line of the pair),
 * Offset the pixel in that line, F = 0 (progressive), C = another header follows.
 *
 * <p>The Extended Sequence Number is the high 16 bits of a 32-bit sequence number whose low 16
 * bits are the RTP sequence number. The caller passes the RTP sequence number the first payload
 * will be sent with ({@code RtpPacketWriter.nextSequenceNumber()}); this packetizer places it
 * nearest to where its previous frame ended, so the high bits count the wraps of whatever numbers
 * the writer really uses, even if it skipped some (other payloads, a restart). Receivers ignore
 * the field for progressive video (GStreamer does), so a wrong guess costs nothing. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4175#section-4.2">RFC 4175 §4.2</a>
 */
public final class RawPacketizer {
    /** Extended sequence number octets at the start of each payload. */
    static final int EXTENDED_SEQUENCE_LENGTH = 2;
    /** Length (16), F|Line No (1+15), C|Offset (1+15). */
    static final int LINE_HEADER_LENGTH = 6;

    private final RawFormat format;
    private final int maxPayloadBytes;
    private final RawLayout layout;
    private final int[] segmentLine;
    private final int[] segmentPgroup;
    private final int[] segmentCount;
    private final int packetCount;
    /** Next pgroup row (header line index, not scan line) and pgroup within it to packetize. */
    private int cursorLine;
    private int cursorPgroup;
    private int payloadLength;
    private boolean started;
    private long nextExtendedSequence;

    /** @param maxPayloadBytes largest payload, at least 2 + 6 + one pgroup and at most 65535 */
    public RawPacketizer(RawFormat format, int maxPayloadBytes) {
        int min = EXTENDED_SEQUENCE_LENGTH + LINE_HEADER_LENGTH + format.pgroupBytes();
        if (maxPayloadBytes < min || maxPayloadBytes > 0xFFFF) {
            throw new IllegalArgumentException("maxPayloadBytes not in " + min + "..65535: " + maxPayloadBytes);
        }
        this.format = format;
        this.maxPayloadBytes = maxPayloadBytes;
        this.layout = new RawLayout(format);
        int maxSegments = (maxPayloadBytes - EXTENDED_SEQUENCE_LENGTH) / (LINE_HEADER_LENGTH + format.pgroupBytes());
        segmentLine = new int[maxSegments];
        segmentPgroup = new int[maxSegments];
        segmentCount = new int[maxSegments];
        packetCount = countPackets();
    }

    public RawFormat format() {
        return format;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /**
     * The payloads of one frame, in sending order; the caller writes the RTP headers with
     * consecutive sequence numbers from {@code firstSequenceNumber}, one timestamp, and the marker
     * on the last payload only.
     *
     * @param picture read only; see {@link RawPlanes}
     * @param firstSequenceNumber the RTP sequence number of the first payload (low 16 bits used)
     * @return new buffers the caller owns and releases
     * @throws IllegalArgumentException if the planes are too small for the format
     */
    public List<ByteBuf> packetize(ByteBufAllocator alloc, RawPlanes picture, int firstSequenceNumber) {
        picture.check(format);
        long sequence = extend(firstSequenceNumber & 0xFFFF);
        List<ByteBuf> out = new ArrayList<>(packetCount());
        boolean success = false;
        try {
            cursorLine = 0;
            cursorPgroup = 0;
            while (cursorLine < format.lineCount()) {
                int segments = plan();
                out.add(payload(alloc, picture, segments, payloadLength, sequence + out.size()));
            }
            nextExtendedSequence = sequence + out.size();
            success = true;
            return out;
        } finally {
            if (!success) {
                out.forEach(ByteBuf::release);
            }
        }
    }

    /** How many payloads every frame takes (the same for each frame of this format). */
    public int packetCount() {
        return packetCount;
    }

    private int countPackets() {
        cursorLine = 0;
        cursorPgroup = 0;
        int packets = 0;
        while (cursorLine < format.lineCount()) {
            plan();
            packets++;
        }
        return packets;
    }

    /**
     * Fills one payload from the cursor on: as many segments as fit, each as many pgroups as fit;
     * records the segments, advances the cursor, sets {@link #payloadLength}.
     *
     * @return the number of segments
     */
    private int plan() {
        int segments = 0;
        int room = maxPayloadBytes - EXTENDED_SEQUENCE_LENGTH;
        int pgroupBytes = format.pgroupBytes();
        while (cursorLine < format.lineCount() && room >= LINE_HEADER_LENGTH + pgroupBytes) {
            int count = Math.min(format.pgroupsPerLine() - cursorPgroup, (room - LINE_HEADER_LENGTH) / pgroupBytes);
            segmentLine[segments] = cursorLine;
            segmentPgroup[segments] = cursorPgroup;
            segmentCount[segments] = count;
            segments++;
            room -= LINE_HEADER_LENGTH + count * pgroupBytes;
            cursorPgroup += count;
            if (cursorPgroup == format.pgroupsPerLine()) {
                cursorPgroup = 0;
                cursorLine++;
            }
        }
        payloadLength = maxPayloadBytes - room;
        return segments;
    }

    private ByteBuf payload(ByteBufAllocator alloc, RawPlanes picture, int segments, int length, long sequence) {
        ByteBuf payload = alloc.buffer(length, length);
        boolean success = false;
        try {
            payload.writeShort((int) (sequence >>> 16));                     // Extended Sequence Number
            int linesPerRow = format.pgroupLines();
            for (int s = 0; s < segments; s++) {
                payload.writeShort(format.lineBytes(segmentCount[s] * format.pgroupPixels())); // Length
                payload.writeShort(segmentLine[s] * linesPerRow);             // F=0 | Line No
                int continuation = s + 1 < segments ? 0x8000 : 0;
                payload.writeShort(continuation | segmentPgroup[s] * format.pgroupPixels()); // C | Offset
            }
            for (int s = 0; s < segments; s++) {
                layout.pack(picture, segmentLine[s] * linesPerRow,
                        segmentPgroup[s] * format.pgroupPixels(), segmentCount[s], payload);
            }
            success = true;
            return payload;
        } finally {
            if (!success) {
                payload.release();
            }
        }
    }

    /** The 32-bit (here: unbounded) sequence number nearest the expected one whose low 16 bits are {@code seq16}. */
    private long extend(int seq16) {
        if (!started) {
            started = true;
            return seq16;
        }
        long extended = nextExtendedSequence + RtpSequenceNumber.diff(seq16, (int) (nextExtendedSequence & 0xFFFF));
        return extended < 0 ? extended + RtpSequenceNumber.MODULUS : extended;
    }
}
