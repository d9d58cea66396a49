package org.glasscast.protocol.rtcp;

/**
 * Receiver reference time (RRTR) XR block: a receiver's NTP wall clock when it sent the XR, so a
 * sender can answer with DLRR and the receiver learn its round-trip time.
 *
 * <pre>
 * |     BT=4      |   reserved    |       block length = 2        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * </pre>
 *
 * @param ntpTimestamp 64-bit NTP time (see {@code NtpTime})
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3611#section-4.4">RFC 3611 §4.4</a>
 */
public record ReceiverReferenceTime(long ntpTimestamp) implements ExtendedReport.Block {
    public static final int BLOCK_TYPE = 4;
    /** Header and the 64-bit timestamp. */
    public static final int WORDS = 3;

    @Override
    public int blockType() {
        return BLOCK_TYPE;
    }

    @Override
    public int words() {
        return WORDS;
    }
}
