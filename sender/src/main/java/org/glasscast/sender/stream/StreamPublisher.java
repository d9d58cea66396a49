package org.glasscast.sender.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.h264.H264Packetizer;
import org.glasscast.protocol.rtcp.Goodbye;
import org.glasscast.protocol.rtcp.RtcpCodec;
import org.glasscast.protocol.rtcp.SenderReport;
import org.glasscast.protocol.rtcp.SourceDescription;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.protocol.rtp.RtpPacketWriter;
import org.glasscast.protocol.stats.LaunchTime;
import org.glasscast.sender.SenderStats;
import org.glasscast.sender.media.EncodedVideoFrame;
import org.glasscast.sender.media.OpusEncoder;

/**
 * Encode once, packetize once, send to every viewer: encoded frames arrive from the encoder and
 * audio threads, are packetized on the event loop and fanned out to each {@link Subscription}
 * as retained duplicates of the same packets.
 *
 * <p>RTP timestamps are the capture time on each track's media clock (90 kHz video, 48 kHz
 * audio) plus a random offset; the RTCP sender reports map the same clock to NTP wall time, so
 * a receiver can line audio and video up and recover each frame's capture instant.
 */
public final class StreamPublisher {
    /** Frames handed to the event loop but not yet sent; more than this and frames are dropped. */
    public static final int MAX_PENDING_FRAMES = 8;
    /** Audio packets likewise: 0.5 s of them (50 of 10 ms). */
    private static final int MAX_PENDING_AUDIO = (int) (500_000 / OpusEncoder.FRAME_MICROS);

    private final EventLoop loop;
    private final MediaClock clock;
    private final ByteBufAllocator alloc;
    private final H264Packetizer packetizer;
    private final Runnable keyframeRequest;
    private final SenderStats stats;
    private final String cname;
    private final Map<Track, RtpPacketWriter> writers = new EnumMap<>(Track.class);
    private final Map<Track, Long> rtpOffsets = new EnumMap<>(Track.class);
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicInteger pendingFrames = new AtomicInteger();
    /** Encoded frames handed to {@link #publishVideo}, dropped or not (the encoder's thread). */
    private final java.util.concurrent.atomic.AtomicLong videoFramesPublished = new java.util.concurrent.atomic.AtomicLong();
    /** The number of the last encoded frame the event loop sent on. Event loop only. */
    private long lastVideoFrameSent;
    private final AtomicInteger pendingAudio = new AtomicInteger();
    private volatile byte[] sps;
    private volatile byte[] pps;

    public StreamPublisher(EventLoop loop, MediaClock clock, ByteBufAllocator alloc, int mtu,
                           Runnable keyframeRequest, SenderStats stats) {
        this.loop = loop;
        this.clock = clock;
        this.alloc = alloc;
        this.packetizer = new H264Packetizer(mtu);
        this.keyframeRequest = keyframeRequest;
        this.stats = stats;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        this.cname = "glasscast-" + Long.toHexString(rnd.nextLong() & 0xFFFF_FFFFL);
        for (Track t : Track.values()) {
            writers.put(t, new RtpPacketWriter(t.payloadType(), rnd.nextLong() & 0xFFFF_FFFFL, rnd.nextInt(65536)));
            rtpOffsets.put(t, rnd.nextLong() & 0xFFFF_FFFFL);
        }
    }

    /** The RTP timestamp of a wall-clock instant on a track's media clock. */
    public long rtpTimestamp(Track track, long unixMicros) {
        return MediaClock.rtpTimestamp(unixMicros, track.clockRate(), rtpOffsets.get(track));
    }

    public long clockNowMicros() {
        return clock.nowUnixMicros();
    }

    public long ssrc(Track track) {
        return writers.get(track).ssrc();
    }

    /** The next sequence number of a track (for RTP-Info). Event loop only. */
    public int nextSequenceNumber(Track track) {
        return writers.get(track).nextSequenceNumber();
    }

    /** Latest SPS, or null before the first keyframe. */
    public byte[] sps() {
        return sps;
    }

    public byte[] pps() {
        return pps;
    }

    /** Publishes an encoded video frame; takes ownership (any thread). */
    public void publishVideo(EncodedVideoFrame frame) {
        if (frame.keyframe()) {
            byte[] s = frame.sps();
            byte[] p = frame.pps();
            if (s != null && p != null) {
                sps = s;
                pps = p;
            }
        }
        long number = videoFramesPublished.incrementAndGet();
        if (pendingFrames.incrementAndGet() > MAX_PENDING_FRAMES) {
            pendingFrames.decrementAndGet();
            frame.release();
            stats.framesDroppedBacklog.increment();
            keyframeRequest.run();
            return;
        }
        loop.execute(() -> {
            pendingFrames.decrementAndGet();
            try {
                if (number != lastVideoFrameSent + 1 && !frame.keyframe()) {
                    // a frame was dropped here, before it had sequence numbers: no viewer could see
                    // a gap, and the frames after it would decode against a picture never sent
                    subscriptions.forEach(s -> s.waitingForKeyframe(true));
                }
                lastVideoFrameSent = number;
                sendVideo(frame);
            } finally {
                frame.release();
            }
        });
    }

    /** Publishes one Opus packet captured at {@code captureMicros}; takes ownership (any thread). */
    public void publishAudio(ByteBuf opus, long captureMicros) {
        if (pendingAudio.incrementAndGet() > MAX_PENDING_AUDIO) {
            pendingAudio.decrementAndGet();
            opus.release();
            stats.audioDroppedBacklog.increment();
            return;
        }
        loop.execute(() -> {
            pendingAudio.decrementAndGet();
            try {
                RtpPacketWriter w = writers.get(Track.AUDIO);
                ByteBuf packet = w.write(alloc, opus, rtpTimestamp(Track.AUDIO, captureMicros), true,
                        NtpTime.fromUnixMicros(captureMicros));
                stats.audioPackets.increment();
                fanOut(Track.AUDIO, packet, false, true);
            } finally {
                opus.release();
            }
        });
    }

    private void sendVideo(EncodedVideoFrame frame) {
        if (subscriptions.isEmpty()) {
            return;
        }
        sendVideoPayloads(packetizer.packetize(alloc, frame.content()), frame.captureMicros(), frame.keyframe());
    }

    /**
     * Publishes an uncompressed frame (RFC 4175). {@code cut} runs on the event loop with the RTP
     * sequence number its first payload will carry and returns the payloads, which the publisher
     * then owns; {@code done} runs after it in every case (sent, nobody watching, or dropped
     * because the event loop is behind), so the caller's frame is free again. Every raw frame
     * stands alone, so each counts as a keyframe.
     */
    public void publishVideoCut(IntFunction<List<ByteBuf>> cut, long captureMicros, Runnable done) {
        if (pendingFrames.incrementAndGet() > MAX_PENDING_FRAMES) {
            pendingFrames.decrementAndGet();
            stats.framesDroppedBacklog.increment();
            done.run();
            return;
        }
        loop.execute(() -> {
            pendingFrames.decrementAndGet();
            try {
                if (!subscriptions.isEmpty()) {
                    sendVideoPayloads(cut.apply(writers.get(Track.VIDEO).nextSequenceNumber()), captureMicros, true);
                }
            } finally {
                done.run();
            }
        });
    }

    /** Writes RTP headers on a frame's payloads and fans them out; releases the payloads. */
    private void sendVideoPayloads(List<ByteBuf> payloads, long captureMicros, boolean keyframe) {
        RtpPacketWriter w = writers.get(Track.VIDEO);
        long rtpTs = rtpTimestamp(Track.VIDEO, captureMicros);
        long ntp = NtpTime.fromUnixMicros(captureMicros);
        int n = payloads.size();
        for (int i = 0; i < n; i++) {
            ByteBuf payload = payloads.get(i);
            ByteBuf packet;
            try {
                packet = w.write(alloc, payload, rtpTs, i == n - 1, i == 0 ? ntp : 0);
            } finally {
                payload.release();
            }
            fanOut(Track.VIDEO, packet, keyframe, i == n - 1);
        }
        stats.framesSent.increment();
    }

    /** Sends one packet to every subscription; releases it. */
    private void fanOut(Track track, ByteBuf packet, boolean keyframe, boolean lastOfFrame) {
        try {
            stats.bytesSent.add((long) packet.readableBytes() * subscriptions.size());
            for (int i = 0; i < subscriptions.size(); i++) {
                Subscription s = subscriptions.get(i);
                if (track == Track.VIDEO && s.waitingForKeyframe()) {
                    if (!keyframe) {
                        continue;
                    }
                    s.waitingForKeyframe(false);
                }
                if (Double.isNaN(stats.firstPacketMillis)) {
                    stats.firstPacketMillis = LaunchTime.millisSinceLaunch();
                }
                if (!s.sink().sendRtp(track, packet.retainedDuplicate())) {
                    stats.packetsDroppedCongestion.increment();
                    if (track == Track.VIDEO) {
                        s.waitingForKeyframe(true);
                        keyframeRequest.run();
                    }
                }
                if (lastOfFrame) {
                    s.sink().flush();
                }
            }
        } finally {
            packet.release();
        }
    }

    /** Adds a viewer; it gets video from the next keyframe, which is requested now. Event loop only. */
    public void subscribe(Subscription s) {
        assert loop.inEventLoop();
        subscriptions.add(s);
        countDestinations();
        keyframeRequest.run();
        sendReports(s);
    }

    /** Event loop only. */
    public void unsubscribe(Subscription s) {
        assert loop.inEventLoop();
        subscriptions.remove(s);
        countDestinations();
    }

    /** Viewers are RTSP sessions only; push addresses are counted apart (nobody may be listening there). */
    private void countDestinations() {
        int viewers = 0;
        for (Subscription s : subscriptions) {
            if (s.kind() == Subscription.Kind.RTSP_VIEWER) {
                viewers++;
            }
        }
        stats.viewers.set(viewers);
        stats.pushDestinations.set(subscriptions.size() - viewers);
    }

    /** The subscription whose UDP RTCP comes from this address, or null. Event loop only. */
    public Subscription subscriptionByRtcpSource(InetSocketAddress from) {
        for (Subscription s : subscriptions) {
            for (Track t : Track.values()) {
                if (from.equals(s.sink().rtcpSource(t))) {
                    return s;
                }
            }
        }
        return null;
    }

    /** RTCP SR + SDES of every track to every viewer; the sender calls it every second. */
    public void sendReports() {
        assert loop.inEventLoop();
        for (Subscription s : List.copyOf(subscriptions)) {
            if (s.sink().isClosed()) {
                unsubscribe(s);
            } else {
                sendReports(s);
            }
        }
    }

    private void sendReports(Subscription s) {
        long now = clock.nowUnixMicros();
        for (Track t : Track.values()) {
            RtpPacketWriter w = writers.get(t);
            SenderReport sr = new SenderReport(w.ssrc(), NtpTime.fromUnixMicros(now), rtpTimestamp(t, now),
                    w.packetCount(), w.octetCount(), List.of());
            s.sink().sendRtcp(t, RtcpCodec.encode(alloc, sr, new SourceDescription(w.ssrc(), cname)));
        }
    }

    /** Tells every viewer the stream ends (RTCP SR + BYE, RFC 3550 §6.6). Event loop only. */
    public void sendGoodbye() {
        assert loop.inEventLoop();
        long now = clock.nowUnixMicros();
        for (Subscription s : subscriptions) {
            for (Track t : Track.values()) {
                RtpPacketWriter w = writers.get(t);
                SenderReport sr = new SenderReport(w.ssrc(), NtpTime.fromUnixMicros(now), rtpTimestamp(t, now),
                        w.packetCount(), w.octetCount(), List.of());
                s.sink().sendRtcp(t, RtcpCodec.encode(alloc, sr, new Goodbye(List.of(w.ssrc()))));
            }
        }
    }

    /** The keyframe request of a viewer (RTCP PLI, or a new viewer). Any thread. */
    public void requestKeyframe() {
        keyframeRequest.run();
    }
}
