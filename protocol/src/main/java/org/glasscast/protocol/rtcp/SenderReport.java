package org.glasscast.protocol.rtcp;

import java.util.List;

/**
 * Sender report: maps the sender's RTP clock to its NTP wall clock, with its packet and octet counts.
 *
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * |                 report blocks (RC * 24 bytes)                 |
 * </pre>
 *
 * @param ntpTimestamp 64-bit NTP time (see {@code NtpTime})
 * @param octetCount payload octets sent
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1">RFC 3550 §6.4.1</a>
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
        List<ReportBlock> reportBlocks) implements RtcpPacket {

    public SenderReport {
        Fields.checkUnsigned32("ssrc", ssrc);
        Fields.checkUnsigned32("rtpTimestamp", rtpTimestamp);
        Fields.checkUnsigned32("packetCount", packetCount);
        Fields.checkUnsigned32("octetCount", octetCount);
        reportBlocks = List.copyOf(reportBlocks);
        Fields.checkCount("report blocks", reportBlocks.size());
    }

    @Override
    public int packetType() {
        return SR;
    }
}
