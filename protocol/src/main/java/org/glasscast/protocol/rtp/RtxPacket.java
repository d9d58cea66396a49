package org.glasscast.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * RTX retransmission packets: the original packet's header with the RTX payload type, SSRC and
 * sequence number, then the original sequence number (OSN), then the original payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Timestamp, marker, CSRCs and header extensions (abs-capture-time among them) are the
 * original's; its padding is not carried. A "same-SSRC retransmission", which ffmpeg accepts and
 * RTX-less peers need, is the original packet sent again unchanged: it needs nothing from here.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4588#section-4">RFC 4588 §4</a>
 */
public final class RtxPacket {
    /** Length of the OSN field. */
    public static final int OSN_LENGTH = 2;

    private RtxPacket() {
    }

    /**
     * The RTX packet that retransmits {@code original}.
     *
     * @param original a valid RTP packet from readerIndex to writerIndex; copied, indices untouched, not released
     * @param rtxPayloadType the payload type negotiated for RTX ({@code a=rtpmap:N rtx/90000}, {@code apt=})
     * @param rtxSequenceNumber the RTX stream's own sequence number, 0..65535
     * @return a new buffer the caller owns and releases (or writes to a channel)
     * @throws IllegalArgumentException if {@code original} is not a valid RTP packet, or an argument is out of range
     */
    public static ByteBuf wrap(ByteBufAllocator alloc, ByteBuf original, int rtxPayloadType, long rtxSsrc,
            int rtxSequenceNumber) {
        checkPayloadType(rtxPayloadType);
        checkSsrc(rtxSsrc);
        if (rtxSequenceNumber < 0 || rtxSequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("sequence number not in 0..65535: " + rtxSequenceNumber);
        }
        if (!RtpHeader.isValid(original)) {
            throw new IllegalArgumentException("not a valid RTP packet: " + original);
        }
        int start = original.readerIndex();
        int headerLength = RtpHeader.headerLength(original);
        int payloadLength = RtpHeader.payloadLength(original);
        ByteBuf out = alloc.buffer(headerLength + OSN_LENGTH + payloadLength);
        out.writeBytes(original, start, headerLength);
        out.setByte(0, out.getByte(0) & ~0x20);                                     // P=0: padding not carried
        out.setByte(1, out.getByte(1) & 0x80 | rtxPayloadType);                     // M kept | RTX PT
        out.setShort(2, rtxSequenceNumber);
        out.setInt(8, (int) rtxSsrc);
        out.writeShort(RtpHeader.sequenceNumber(original));                         // OSN
        out.writeBytes(original, start + headerLength, payloadLength);
        return out;
    }

    /** The OSN of an RTX packet, or -1 if it is not a valid RTP packet with at least the OSN as payload. Safe on any bytes. */
    public static int originalSequenceNumber(ByteBuf rtx) {
        if (!RtpHeader.isValid(rtx) || RtpHeader.payloadLength(rtx) < OSN_LENGTH) {
            return -1; // also a padding-only RTX packet, as libwebrtc sends to probe bandwidth
        }
        return rtx.getUnsignedShort(rtx.readerIndex() + RtpHeader.headerLength(rtx));
    }

    /**
     * Turns an RTX packet back into the packet it retransmits, in place: the header moves over the
     * OSN (readerIndex advances by 2) and takes the OSN as sequence number and the original payload
     * type and SSRC. Safe on any bytes: what is not an RTX packet is left untouched.
     *
     * @param rtx a writable buffer; still the caller's to release, whatever the result
     * @param originalPayloadType the media payload type ({@code apt=} of the RTX payload type)
     * @param originalSsrc the media stream's SSRC
     * @return false, with the buffer unchanged, if it is not a valid RTP packet with an OSN
     */
    public static boolean restore(ByteBuf rtx, int originalPayloadType, long originalSsrc) {
        checkPayloadType(originalPayloadType);
        checkSsrc(originalSsrc);
        int osn = originalSequenceNumber(rtx);
        if (osn < 0) {
            return false;
        }
        int start = rtx.readerIndex();
        for (int i = RtpHeader.headerLength(rtx) - 1; i >= 0; i--) {               // backwards: the ranges overlap
            rtx.setByte(start + OSN_LENGTH + i, rtx.getByte(start + i));
        }
        rtx.readerIndex(start + OSN_LENGTH);
        int first = rtx.readerIndex();
        rtx.setByte(first + 1, rtx.getByte(first + 1) & 0x80 | originalPayloadType); // M kept | original PT
        rtx.setShort(first + 2, osn);
        rtx.setInt(first + 8, (int) originalSsrc);
        return true;
    }

    private static void checkPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType not in 0..127: " + payloadType);
        }
    }

    private static void checkSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc not unsigned 32-bit: " + ssrc);
        }
    }
}
