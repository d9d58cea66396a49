package org.glasscast.viewer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.protocol.rtcp.ReportBlock;
import org.glasscast.protocol.rtcp.SenderReport;
import org.glasscast.protocol.rtp.NtpTime;
import org.junit.jupiter.api.Test;

/** The receiver report's figures, worked out by hand as RFC 3550 §6.4.1 and §A.3 define them. */
class ReceiveStatisticsTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ReceiveStatistics stats = new ReceiveStatistics(90_000, nanos::get);

    @Test
    void lossIsExpectedMinusReceivedAndTheFractionIsPerInterval() {
        assertThat(stats.reportBlock(0x1234, 100)).as("nothing before the first packet").isNull();
        stats.firstSequence(100);
        for (int i = 0; i < 90; i++) { // 100 expected (100..199), 90 received
            stats.onPacket(i * 3000L);
        }
        ReportBlock first = stats.reportBlock(0x1234, 199);
        assertThat(first.cumulativeLost()).isEqualTo(10);
        assertThat(first.fractionLost()).isEqualTo(10 * 256 / 100);
        assertThat(first.extendedHighestSequence()).isEqualTo(199);
        for (int i = 0; i < 100; i++) { // the next interval: 100 expected, 100 received
            stats.onPacket(i * 3000L);
        }
        ReportBlock second = stats.reportBlock(0x1234, 299);
        assertThat(second.fractionLost()).as("none lost in this interval").isZero();
        assertThat(second.cumulativeLost()).isEqualTo(10);
    }

    @Test
    void theLastSenderReportAndTheDelaySinceItAreReported() {
        stats.firstSequence(0);
        stats.onPacket(0);
        long ntp = NtpTime.fromUnixMicros(1_700_000_000_000_000L);
        stats.onSenderReport(new SenderReport(0x1234, ntp, 0, 1, 100, java.util.List.of()));
        nanos.addAndGet(500_000_000L); // half a second later
        ReportBlock b = stats.reportBlock(0x1234, 0);
        assertThat(b.lastSenderReport()).isEqualTo(NtpTime.compact(ntp) & 0xFFFF_FFFFL);
        assertThat(b.delaySinceLastSenderReport()).isEqualTo(65536 / 2);
        nanos.addAndGet(1_000_000_000L);
        stats.onSenderReport(new SenderReport(0x1234, ntp, 90_000, 2, 200, java.util.List.of()));
        assertThat(stats.senderReportIntervalNanos()).isEqualTo(1_500_000_000L);
    }
}
