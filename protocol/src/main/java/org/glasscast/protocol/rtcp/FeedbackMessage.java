package org.glasscast.protocol.rtcp;

/**
 * The common part of an RTPFB/PSFB feedback message; the FCI is not kept (a PLI has none).
 *
 * <pre>
 * |V=2|P|   FMT   |       PT      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 *
 * @param packetType {@link RtcpPacket#RTPFB} or {@link RtcpPacket#PSFB}
 * @param format FMT, 0..31
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.1">RFC 4585 §6.1</a>
 */
public record FeedbackMessage(int packetType, int format, long senderSsrc, long mediaSsrc) implements RtcpPacket {
    /** Picture loss indication: PSFB format 1, RFC 4585 §6.3.1. */
    public static final int PLI = 1;
    /** Generic NACK: RTPFB format 1, RFC 4585 §6.2.1. */
    public static final int GENERIC_NACK = 1;
    /** Full intra request: PSFB format 4, RFC 5104 §4.3.1. */
    public static final int FIR = 4;

    public FeedbackMessage {
        if (packetType != RTPFB && packetType != PSFB) {
            throw new IllegalArgumentException("not a feedback packet type: " + packetType);
        }
        if (format < 0 || format > 31) {
            throw new IllegalArgumentException("format not in 0..31: " + format);
        }
        Fields.checkUnsigned32("senderSsrc", senderSsrc);
        Fields.checkUnsigned32("mediaSsrc", mediaSsrc);
    }

    /** A picture loss indication asking {@code mediaSsrc} for a keyframe. */
    public static FeedbackMessage pli(long senderSsrc, long mediaSsrc) {
        return new FeedbackMessage(PSFB, PLI, senderSsrc, mediaSsrc);
    }
}
