package org.glasscast.protocol.rtcp;

/**
 * One packet of an RTCP compound packet.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4">RFC 3550 §6.4</a>
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye, FeedbackMessage,
        ExtendedReport {
    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int APP = 204;
    /** Transport-layer feedback (generic NACK is format 1), RFC 4585 §6.2. */
    int RTPFB = 205;
    /** Payload-specific feedback (PLI is format 1), RFC 4585 §6.3. */
    int PSFB = 206;
    /** Extended report (RRTR, DLRR), RFC 3611. */
    int XR = 207;

    /** The RTCP packet type (PT) on the wire. */
    int packetType();
}
