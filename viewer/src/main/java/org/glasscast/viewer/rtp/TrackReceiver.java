package org.glasscast.viewer.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.protocol.h264.H264Depacketizer;
import org.glasscast.protocol.raw.RawDepacketizer;
import org.glasscast.protocol.raw.RawFormat;
import org.glasscast.protocol.raw.RawFrame;
import org.glasscast.protocol.rtcp.ReportBlock;
import org.glasscast.protocol.rtcp.RtcpCodec;
import org.glasscast.protocol.rtcp.RtcpException;
import org.glasscast.protocol.rtcp.RtcpPacket;
import org.glasscast.protocol.rtcp.SenderReport;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.protocol.rtp.RtpHeader;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * One received track on the event loop: validate → reorder → depacketize (H.264 into access
 * units; Opus packets as they are) → hand to the decode thread. Also keeps what RTCP needs:
 * the sender-report clock mapping, interarrival jitter and the figures of a receiver report.
 * A bad packet is dropped and counted here, never thrown.
 */
public final class TrackReceiver implements AutoCloseable {
    /** Largest access unit we assemble (a 4K intra frame at a high bitrate fits). */
    private static final int MAX_ACCESS_UNIT_BYTES = 8 << 20;
    private static final int REORDER_CAPACITY = 1024;
    /** Packets in a row from a new SSRC before we take it as the stream's (a restarted sender). */
    private static final int SSRC_SWITCH_PACKETS = 32;

    /** An Opus packet for the audio decoder; the receiver releases {@code payload}. */
    public record AudioPacket(ByteBuf payload, long rtpTimestamp, long captureMicros) {
    }

    private final boolean video;
    private final int payloadType;
    private final int clockRate;
    private final int absCaptureTimeId;
    private final ViewerStats stats;
    private final LongSupplier nanoTime;
    private final ReorderBuffer reorder;
    private final H264Depacketizer depacketizer;
    private final Consumer<AccessUnit> videoOut;
    private final RawDepacketizer rawDepacketizer;
    private final Consumer<RawFrame> rawOut;
    private final Consumer<AudioPacket> audioOut;
    private final CaptureClock captureClock;
    private long mediaSsrc = -1;
    private long candidateSsrc = -1;
    private int candidateCount;
    private long received;
    private double jitter;
    private long lastTransit = Long.MIN_VALUE;
    private long lastSrCompact;
    private long lastSrArrivalNanos;
    private long reportExpectedPrior;
    private long reportReceivedPrior;
    private long firstSequence = -1;
    private Runnable onGoodbye = () -> { };
    private volatile long lastPacketNanos;
    private volatile long lastRtcpNanos;
    private volatile long senderReportIntervalNanos;
    /** Closed: a replaced session's receiver, whose sockets may still deliver a packet or two. */
    private boolean closed;
    /** The source said goodbye: the next new one is the stream's at once (a restarted sender). */
    private boolean goodbyeSeen;

    private TrackReceiver(boolean video, int payloadType, int clockRate, int absCaptureTimeId, ViewerStats stats,
                          LongSupplier nanoTime, long reorderNanos, ByteBufAllocator alloc,
                          Consumer<AccessUnit> videoOut, Consumer<AudioPacket> audioOut,
                          RawFormat rawFormat, Consumer<RawFrame> rawOut, CaptureClock captureClock) {
        this.video = video;
        this.payloadType = payloadType;
        this.clockRate = clockRate;
        this.absCaptureTimeId = absCaptureTimeId;
        this.stats = stats;
        this.nanoTime = nanoTime;
        this.videoOut = videoOut;
        this.audioOut = audioOut;
        this.captureClock = captureClock != null ? captureClock : new CaptureClock(clockRate);
        this.depacketizer = video && rawFormat == null
                ? new H264Depacketizer(alloc, MAX_ACCESS_UNIT_BYTES, absCaptureTimeId) : null;
        this.rawDepacketizer = rawFormat != null ? new RawDepacketizer(rawFormat, alloc, absCaptureTimeId) : null;
        this.rawOut = rawOut;
        this.reorder = new ReorderBuffer(REORDER_CAPACITY, reorderNanos, nanoTime, this::inOrder);
    }

    /** A receiver of H.264 access units; {@code out} owns (releases) each one. */
    public static TrackReceiver h264(int payloadType, int absCaptureTimeId, ViewerStats stats, LongSupplier nanoTime,
                                     long reorderNanos, ByteBufAllocator alloc, Consumer<AccessUnit> out) {
        return h264(payloadType, absCaptureTimeId, stats, nanoTime, reorderNanos, alloc, out, null);
    }

    /** As above, timed through {@code captureClock} (null: a clock of its own), which outlives the receiver. */
    public static TrackReceiver h264(int payloadType, int absCaptureTimeId, ViewerStats stats, LongSupplier nanoTime,
                                     long reorderNanos, ByteBufAllocator alloc, Consumer<AccessUnit> out,
                                     CaptureClock captureClock) {
        return new TrackReceiver(true, payloadType, 90_000, absCaptureTimeId, stats, nanoTime, reorderNanos, alloc,
                out, null, null, null, captureClock);
    }

    /** A receiver of uncompressed RFC 4175 frames; {@code out} owns (releases) each one. */
    public static TrackReceiver raw(RawFormat format, int payloadType, int absCaptureTimeId, ViewerStats stats,
                                    LongSupplier nanoTime, long reorderNanos, ByteBufAllocator alloc,
                                    Consumer<RawFrame> out) {
        return raw(format, payloadType, absCaptureTimeId, stats, nanoTime, reorderNanos, alloc, out, null);
    }

    /** As above, timed through {@code captureClock} (null: a clock of its own), which outlives the receiver. */
    public static TrackReceiver raw(RawFormat format, int payloadType, int absCaptureTimeId, ViewerStats stats,
                                    LongSupplier nanoTime, long reorderNanos, ByteBufAllocator alloc,
                                    Consumer<RawFrame> out, CaptureClock captureClock) {
        return new TrackReceiver(true, payloadType, RawFormat.CLOCK_RATE, absCaptureTimeId, stats, nanoTime,
                reorderNanos, alloc, null, null, format, out, captureClock);
    }

    /** A receiver of Opus packets; {@code out} owns (releases) each payload. */
    public static TrackReceiver opus(int payloadType, int clockRate, int absCaptureTimeId, ViewerStats stats,
                                     LongSupplier nanoTime, long reorderNanos, ByteBufAllocator alloc,
                                     Consumer<AudioPacket> out) {
        return opus(payloadType, clockRate, absCaptureTimeId, stats, nanoTime, reorderNanos, alloc, out, null);
    }

    /** As above, timed through {@code captureClock} (null: a clock of its own), which outlives the receiver. */
    public static TrackReceiver opus(int payloadType, int clockRate, int absCaptureTimeId, ViewerStats stats,
                                     LongSupplier nanoTime, long reorderNanos, ByteBufAllocator alloc,
                                     Consumer<AudioPacket> out, CaptureClock captureClock) {
        return new TrackReceiver(false, payloadType, clockRate, absCaptureTimeId, stats, nanoTime, reorderNanos, alloc,
                null, out, null, null, captureClock);
    }

    /** One datagram or interleaved frame on the RTP channel; the caller keeps ownership. */
    public void onRtp(ByteBuf packet) {
        if (closed) {
            return;
        }
        lastPacketNanos = nanoTime.getAsLong();
        if (!RtpHeader.isValid(packet) || RtpHeader.payloadType(packet) != payloadType) {
            stats.packetsMalformed.increment();
            return;
        }
        if (!acceptSource(RtpHeader.ssrc(packet))) {
            stats.packetsMalformed.increment();
            return;
        }
        received++;
        stats.packetsReceived.increment();
        stats.bytesReceived.add(packet.readableBytes());
        if (!video) {
            stats.audioPackets.increment();
        }
        updateJitter(RtpHeader.timestamp(packet));
        long lostBefore = reorder.lost();
        long lateBefore = reorder.late();
        reorder.insert(packet.retain());
        stats.packetsLost.add(reorder.lost() - lostBefore);
        stats.packetsLate.add(reorder.late() - lateBefore);
        if (firstSequence < 0) {
            firstSequence = reorder.highestSequence();
        }
    }

    /**
     * Locks onto the first source; another one is foreign unless it persists (a restarted sender),
     * or comes after its predecessor's BYE, when it is taken at once.
     */
    private boolean acceptSource(long ssrc) {
        if (mediaSsrc < 0 || ssrc == mediaSsrc || goodbyeSeen) {
            mediaSsrc = ssrc;
            candidateCount = 0;
            goodbyeSeen = false;
            return true;
        }
        if (ssrc != candidateSsrc) {
            candidateSsrc = ssrc;
            candidateCount = 0;
        }
        if (++candidateCount < SSRC_SWITCH_PACKETS) {
            return false;
        }
        mediaSsrc = ssrc;
        candidateCount = 0;
        return true;
    }

    /** Gives up on gaps waited for too long; the viewer calls it every few milliseconds. */
    public void poll() {
        if (closed) {
            return;
        }
        long lostBefore = reorder.lost();
        reorder.poll();
        stats.packetsLost.add(reorder.lost() - lostBefore);
    }

    private void inOrder(ByteBuf packet) {
        try {
            if (rawDepacketizer != null) {
                long malformedBefore = rawDepacketizer.malformedCount();
                rawDepacketizer.depacketize(packet, frame -> {
                    stats.framesReceived.increment();
                    rawOut.accept(frame);
                });
                stats.packetsMalformed.add(rawDepacketizer.malformedCount() - malformedBefore);
            } else if (video) {
                long malformedBefore = depacketizer.malformedCount();
                depacketizer.depacketize(packet, au -> {
                    stats.framesReceived.increment();
                    videoOut.accept(au);
                });
                stats.packetsMalformed.add(depacketizer.malformedCount() - malformedBefore);
            } else {
                long rtpTs = RtpHeader.timestamp(packet);
                long ntp = absCaptureTimeId > 0 ? AbsCaptureTime.read(packet, absCaptureTimeId) : 0;
                long capture = ntp != 0 ? NtpTime.toUnixMicros(ntp) : captureClock.unixMicros(rtpTs);
                stats.audioCaptureMeasured = ntp != 0; // sender reports place sound for sync, not for latency
                audioOut.accept(new AudioPacket(RtpHeader.payload(packet).retain(), rtpTs, capture));
            }
        } finally {
            packet.release();
        }
    }

    /** RTCP of this track: sender reports give the clock mapping; bad packets are counted. */
    public void onRtcp(ByteBuf compound) {
        if (closed) {
            return;
        }
        lastRtcpNanos = nanoTime.getAsLong();
        List<RtcpPacket> packets;
        try {
            packets = RtcpCodec.decode(compound);
        } catch (RtcpException e) {
            stats.packetsMalformed.increment();
            return;
        }
        for (RtcpPacket p : packets) {
            if (p instanceof org.glasscast.protocol.rtcp.Goodbye bye && bye.ssrcs().contains(mediaSsrc)) {
                goodbyeSeen = true;
                onGoodbye.run();
            } else if (p instanceof SenderReport sr) {
                captureClock.onSenderReport(sr.ntpTimestamp(), sr.rtpTimestamp());
                lastSrCompact = NtpTime.compact(sr.ntpTimestamp()) & 0xFFFF_FFFFL;
                long now = nanoTime.getAsLong();
                if (lastSrArrivalNanos != 0) {
                    senderReportIntervalNanos = now - lastSrArrivalNanos;
                }
                lastSrArrivalNanos = now;
            }
        }
    }

    private void updateJitter(long rtpTimestamp) {
        // RFC 3550 §A.8: arrival time in RTP units minus the timestamp, smoothed by 1/16
        long arrival = nanoTime.getAsLong() / 1000 * clockRate / 1_000_000L;
        long transit = arrival - rtpTimestamp;
        if (lastTransit != Long.MIN_VALUE) {
            long d = Math.abs((int) (transit - lastTransit));
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
    }

    /** This track's block of a receiver report (RFC 3550 §6.4.1), or null before any packet. */
    public ReportBlock reportBlock() {
        if (mediaSsrc < 0 || firstSequence < 0) {
            return null;
        }
        long highest = reorder.highestSequence();
        long expected = highest - firstSequence + 1;
        long cumulativeLost = Math.max(0, expected - received);
        long expectedInterval = expected - reportExpectedPrior;
        long receivedInterval = received - reportReceivedPrior;
        reportExpectedPrior = expected;
        reportReceivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSrArrivalNanos == 0 ? 0 : (nanoTime.getAsLong() - lastSrArrivalNanos) * 65536 / 1_000_000_000L;
        return new ReportBlock(mediaSsrc, Math.min(fraction, 255), (int) Math.min(cumulativeLost, 0x7FFFFF),
                highest & 0xFFFF_FFFFL, (long) jitter, lastSrCompact, lastSrArrivalNanos == 0 ? 0 : dlsr);
    }

    /** Runs (on the event loop) when the sender says goodbye (RTCP BYE) for this track's source. */
    public void onGoodbye(Runnable r) {
        this.onGoodbye = r;
    }

    /** When the last packet (valid or not) arrived on this track's RTP channel; 0 before any. Any thread. */
    public long lastPacketNanos() {
        return lastPacketNanos;
    }

    /** When anything (RTP or RTCP, valid or not) last arrived on this track; 0 before any. Any thread. */
    public long lastHeardNanos() {
        long rtp = lastPacketNanos;
        long rtcp = lastRtcpNanos;
        return rtp == 0 ? rtcp : rtcp == 0 ? rtp : Math.max(rtp, rtcp);
    }

    /** The time between the sender's last two reports (its RTCP interval), 0 before two. Any thread. */
    public long senderReportIntervalNanos() {
        return senderReportIntervalNanos;
    }

    public long mediaSsrc() {
        return mediaSsrc;
    }

    public CaptureClock captureClock() {
        return captureClock;
    }

    public int clockRate() {
        return clockRate;
    }

    /** Releases what it holds; later packets (a replaced session's sockets closing) are ignored. Event loop. */
    @Override
    public void close() {
        closed = true;
        reorder.close();
        if (depacketizer != null) {
            depacketizer.reset();
        }
        if (rawDepacketizer != null) {
            rawDepacketizer.reset();
        }
    }
}
