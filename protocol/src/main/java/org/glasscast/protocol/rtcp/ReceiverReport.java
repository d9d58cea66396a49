package org.glasscast.protocol.rtcp;

import java.util.List;

/**
 * Receiver report: reception statistics from a participant that does not send.
 *
 * <pre>
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * |                     SSRC of packet sender                     |
 * |                 report blocks (RC * 24 bytes)                 |
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2">RFC 3550 §6.4.2</a>
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reportBlocks) implements RtcpPacket {

    public ReceiverReport {
        Fields.checkUnsigned32("ssrc", ssrc);
        reportBlocks = List.copyOf(reportBlocks);
        Fields.checkCount("report blocks", reportBlocks.size());
    }

    @Override
    public int packetType() {
        return RR;
    }
}
