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
 * One received track on the event loop, a chain of small stages:
 * {@link SourceFilter} (header, payload type, the track's source) → {@link ReceiveStatistics}
 * (what a receiver report says) → {@link ReorderBuffer} (sequence order, gaps waited for, then
 * lost) → depacketizer (H.264 into access units, RFC 4175 into frames, Opus packets as they are,
 * each stamped with its capture time) → the decode thread's queue. RTCP: sender reports give the
 * capture clock's mapping and the report's figures; a BYE ends the source. A bad packet is
 * dropped and counted here, never thrown.
 */
public final class TrackReceiver implements AutoCloseable {
    /** Largest access unit we assemble (a 4K intra frame at a high bitrate fits). */
    private static final int MAX_ACCESS_UNIT_BYTES = 8 << 20;
    private static final int REORDER_CAPACITY = 1024;

    /** An Opus packet for the audio decoder; the receiver releases {@code payload}. */
    public record AudioPacket(ByteBuf payload, long rtpTimestamp, long captureMicros) {
    }

    private final boolean video;
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
    private final SourceFilter source;
    private final ReceiveStatistics statistics;
    private Runnable onGoodbye = () -> { };
    private volatile long lastPacketNanos;
    private volatile long lastRtcpNanos;
    /** Closed: a replaced session's receiver, whose sockets may still deliver a packet or two. */
    private boolean closed;

    private TrackReceiver(boolean video, int payloadType, int clockRate, int absCaptureTimeId, ViewerStats stats,
                          LongSupplier nanoTime, long reorderNanos, ByteBufAllocator alloc,
                          Consumer<AccessUnit> videoOut, Consumer<AudioPacket> audioOut,
                          RawFormat rawFormat, Consumer<RawFrame> rawOut, CaptureClock captureClock) {
        this.video = video;
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
        this.source = new SourceFilter(payloadType);
        this.statistics = new ReceiveStatistics(clockRate, nanoTime);
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

    /**
     * One datagram or interleaved frame on the RTP channel; the caller keeps ownership. The
     * track's receive path, stage by stage: source filter → receive statistics → reorder buffer →
     * depacketizer ({@link #inOrder}) → the decode thread's queue.
     */
    public void onRtp(ByteBuf packet) {
        if (closed) {
            return;
        }
        lastPacketNanos = nanoTime.getAsLong();
        if (!source.accept(packet)) {
            stats.packetsMalformed.increment();
            return;
        }
        stats.packetsReceived.increment();
        stats.bytesReceived.add(packet.readableBytes());
        if (!video) {
            stats.audioPackets.increment();
        }
        statistics.onPacket(RtpHeader.timestamp(packet));
        long lostBefore = reorder.lost();
        long lateBefore = reorder.late();
        reorder.insert(packet.retain());
        stats.packetsLost.add(reorder.lost() - lostBefore);
        stats.packetsLate.add(reorder.late() - lateBefore);
        statistics.firstSequence(reorder.highestSequence());
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
            if (p instanceof org.glasscast.protocol.rtcp.Goodbye bye) {
                if (source.goodbye(bye.ssrcs())) {
                    onGoodbye.run();
                }
            } else if (p instanceof SenderReport sr) {
                captureClock.onSenderReport(sr.ntpTimestamp(), sr.rtpTimestamp());
                statistics.onSenderReport(sr);
            }
        }
    }

    /** This track's block of a receiver report (RFC 3550 §6.4.1), or null before any packet. */
    public ReportBlock reportBlock() {
        return statistics.reportBlock(source.mediaSsrc(), reorder.highestSequence());
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
        return statistics.senderReportIntervalNanos();
    }

    public long mediaSsrc() {
        return source.mediaSsrc();
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
