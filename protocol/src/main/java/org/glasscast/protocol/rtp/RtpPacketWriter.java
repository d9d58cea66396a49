package org.glasscast.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes the packets of one outgoing RTP stream: header, optional abs-capture-time extension, payload.
 * Keeps the sequence number and the counters an RTCP sender report needs. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">RFC 3550 §5.1</a>
 */
public final class RtpPacketWriter {
    /** One-byte extension header (4) + element header (1) + NTP time (8) + padding to a word (3). */
    private static final int ABS_CAPTURE_EXTENSION_LENGTH = 16;

    private final int payloadType;
    private final long ssrc;
    private final int absCaptureTimeExtId;
    private int nextSequenceNumber;
    private long packetCount;
    private long octetCount;
    private long lastTimestamp;

    /** A stream that puts abs-capture-time under {@link AbsCaptureTime#DEFAULT_ID}. */
    public RtpPacketWriter(int payloadType, long ssrc, int initialSequence) {
        this(payloadType, ssrc, initialSequence, AbsCaptureTime.DEFAULT_ID);
    }

    /** A stream that puts abs-capture-time under extension id {@code absCaptureTimeExtId} (1..14). */
    public RtpPacketWriter(int payloadType, long ssrc, int initialSequence, int absCaptureTimeExtId) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType not in 0..127: " + payloadType);
        }
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc not unsigned 32-bit: " + ssrc);
        }
        if (absCaptureTimeExtId < 1 || absCaptureTimeExtId > 14) {
            throw new IllegalArgumentException("one-byte extension id not in 1..14: " + absCaptureTimeExtId);
        }
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.absCaptureTimeExtId = absCaptureTimeExtId;
        this.nextSequenceNumber = initialSequence & 0xFFFF;
    }

    /**
     * A new packet with {@code payload}'s readable bytes; advances the sequence number.
     *
     * @param payload copied, not released, indices untouched: the caller still owns it
     * @param timestamp RTP timestamp in the stream's clock rate (low 32 bits used)
     * @param absCaptureTimeNtp NTP capture time for the abs-capture-time extension, 0 for none
     * @return a new buffer the caller owns and releases (or writes to a channel)
     */
    public ByteBuf write(ByteBufAllocator alloc, ByteBuf payload, long timestamp, boolean marker,
            long absCaptureTimeNtp) {
        boolean extension = absCaptureTimeNtp != 0;
        int payloadLength = payload.readableBytes();
        int headerLength = RtpHeader.FIXED_HEADER_LENGTH + (extension ? ABS_CAPTURE_EXTENSION_LENGTH : 0);
        ByteBuf out = alloc.buffer(headerLength + payloadLength);
        out.writeByte(RtpHeader.VERSION << 6 | (extension ? 0x10 : 0)); // V=2, P=0, X, CC=0
        out.writeByte((marker ? 0x80 : 0) | payloadType);              // M | PT
        out.writeShort(nextSequenceNumber);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
        if (extension) {
            out.writeShort(HeaderExtensions.ONE_BYTE_PROFILE);
            out.writeShort(3);                                          // length in 32-bit words
            out.writeByte(absCaptureTimeExtId << 4 | (AbsCaptureTime.LENGTH - 1)); // ID | L=7
            out.writeLong(absCaptureTimeNtp);
            out.writeZero(3);                                           // padding to the word
        }
        out.writeBytes(payload, payload.readerIndex(), payloadLength);
        nextSequenceNumber = RtpSequenceNumber.next(nextSequenceNumber);
        packetCount++;
        octetCount += payloadLength;
        lastTimestamp = timestamp & 0xFFFF_FFFFL;
        return out;
    }

    public int payloadType() {
        return payloadType;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The sequence number the next {@link #write} will use. */
    public int nextSequenceNumber() {
        return nextSequenceNumber;
    }

    /** Packets written, as the RTCP sender report's packet count. */
    public long packetCount() {
        return packetCount;
    }

    /** Payload octets written (headers and padding excluded), as the RTCP sender report's octet count. */
    public long octetCount() {
        return octetCount;
    }

    /** RTP timestamp of the last packet written (0 before the first). */
    public long lastTimestamp() {
        return lastTimestamp;
    }
}
