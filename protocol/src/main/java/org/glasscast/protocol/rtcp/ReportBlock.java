package org.glasscast.protocol.rtcp;

/**
 * One reception report block of an SR or RR; unsigned 32-bit fields are held in longs.
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * @param fractionLost 0..255, lost fraction since the last report times 256
 * @param cumulativeLost signed 24-bit; use {@link #clampCumulativeLost} to build one
 * @param interarrivalJitter in RTP timestamp units
 * @param lastSenderReport middle 32 bits of the last SR's NTP time ({@code NtpTime.compact}), 0 if none
 * @param delaySinceLastSenderReport in 1/65536 seconds, 0 if no SR yet
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1">RFC 3550 §6.4.1</a>
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
        long interarrivalJitter, long lastSenderReport, long delaySinceLastSenderReport) {
    public static final int LENGTH = 24;
    public static final int MAX_CUMULATIVE_LOST = (1 << 23) - 1;
    public static final int MIN_CUMULATIVE_LOST = -(1 << 23);

    public ReportBlock {
        Fields.checkUnsigned32("ssrc", ssrc);
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fractionLost not in 0..255: " + fractionLost);
        }
        if (cumulativeLost < MIN_CUMULATIVE_LOST || cumulativeLost > MAX_CUMULATIVE_LOST) {
            throw new IllegalArgumentException("cumulativeLost not signed 24-bit: " + cumulativeLost);
        }
        Fields.checkUnsigned32("extendedHighestSequence", extendedHighestSequence);
        Fields.checkUnsigned32("interarrivalJitter", interarrivalJitter);
        Fields.checkUnsigned32("lastSenderReport", lastSenderReport);
        Fields.checkUnsigned32("delaySinceLastSenderReport", delaySinceLastSenderReport);
    }

    /** Cumulative loss clamped to the 24-bit field, as RFC 3550 §6.4.1 asks. */
    public static int clampCumulativeLost(long lost) {
        return (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost));
    }
}
