package org.glasscast.viewer.rtp;

import java.util.function.LongSupplier;
import org.glasscast.protocol.rtcp.ReportBlock;
import org.glasscast.protocol.rtcp.SenderReport;
import org.glasscast.protocol.rtp.NtpTime;

/**
 * What a receiver report tells the sender about one track (RFC 3550 §6.4.1, §A.3, §A.8): packets
 * received against expected, interarrival jitter, and the last sender report with the delay
 * since it. Fed every accepted packet before reordering and every sender report. Event loop only,
 * except {@link #senderReportIntervalNanos}.
 */
final class ReceiveStatistics {
    private final int clockRate;
    private final LongSupplier nanoTime;
    private long received;
    private double jitter;
    private long lastTransit = Long.MIN_VALUE;
    private long lastSrCompact;
    private long lastSrArrivalNanos;
    private volatile long senderReportIntervalNanos;
    private long reportExpectedPrior;
    private long reportReceivedPrior;
    private long firstSequence = -1;

    ReceiveStatistics(int clockRate, LongSupplier nanoTime) {
        this.clockRate = clockRate;
        this.nanoTime = nanoTime;
    }

    /** An accepted packet of the track, with its RTP timestamp. */
    void onPacket(long rtpTimestamp) {
        received++;
        // RFC 3550 §A.8: arrival time in RTP units minus the timestamp, smoothed by 1/16
        long arrival = nanoTime.getAsLong() / 1000 * clockRate / 1_000_000L;
        long transit = arrival - rtpTimestamp;
        if (lastTransit != Long.MIN_VALUE) {
            long d = Math.abs((int) (transit - lastTransit));
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
    }

    /** The first packet's extended sequence number (where "expected" counts from). */
    void firstSequence(long extended) {
        if (firstSequence < 0) {
            firstSequence = extended;
        }
    }

    void onSenderReport(SenderReport sr) {
        lastSrCompact = NtpTime.compact(sr.ntpTimestamp()) & 0xFFFF_FFFFL;
        long now = nanoTime.getAsLong();
        if (lastSrArrivalNanos != 0) {
            senderReportIntervalNanos = now - lastSrArrivalNanos;
        }
        lastSrArrivalNanos = now;
    }

    /** The time between the sender's last two reports, 0 before two. Any thread. */
    long senderReportIntervalNanos() {
        return senderReportIntervalNanos;
    }

    /**
     * The block for source {@code ssrc} whose highest extended sequence number so far is {@code
     * highest}, or null before any packet.
     */
    ReportBlock reportBlock(long ssrc, long highest) {
        if (ssrc < 0 || firstSequence < 0) {
            return null;
        }
        long expected = highest - firstSequence + 1;
        long cumulativeLost = Math.max(0, expected - received);
        long expectedInterval = expected - reportExpectedPrior;
        long receivedInterval = received - reportReceivedPrior;
        reportExpectedPrior = expected;
        reportReceivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSrArrivalNanos == 0 ? 0 : (nanoTime.getAsLong() - lastSrArrivalNanos) * 65536 / 1_000_000_000L;
        return new ReportBlock(ssrc, Math.min(fraction, 255), (int) Math.min(cumulativeLost, 0x7FFFFF),
                highest & 0xFFFF_FFFFL, (long) jitter, lastSrCompact, lastSrArrivalNanos == 0 ? 0 : dlsr);
    }
}
