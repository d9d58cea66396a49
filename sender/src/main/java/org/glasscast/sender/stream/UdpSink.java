package org.glasscast.sender.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * RTP and RTCP as UDP datagrams to a viewer's port pairs, from the server's shared ports. With
 * {@link SendFailures}, each send that fails is told to it, so one unreachable viewer is counted
 * and said once while the others on the same ports go on; without, a failure reaches the
 * channel's pipeline (a push's {@link SendFailureReporter}).
 */
public final class UdpSink implements MediaSink {
    private final Channel rtpChannel;
    private final Channel rtcpChannel;
    private final SendFailures failures;
    private final Map<Track, InetSocketAddress> rtpTo = new EnumMap<>(Track.class);
    private final Map<Track, InetSocketAddress> rtcpTo = new EnumMap<>(Track.class);

    public UdpSink(Channel rtpChannel, Channel rtcpChannel) {
        this(rtpChannel, rtcpChannel, null);
    }

    /** @param failures told the outcome of every send, or null */
    public UdpSink(Channel rtpChannel, Channel rtcpChannel, SendFailures failures) {
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
        this.failures = failures;
    }

    public UdpSink addTrack(Track track, InetSocketAddress rtp, InetSocketAddress rtcp) {
        rtpTo.put(track, rtp);
        rtcpTo.put(track, rtcp);
        return this;
    }

    @Override
    public boolean sendRtp(Track track, ByteBuf packet) {
        InetSocketAddress to = rtpTo.get(track);
        if (to == null || !rtpChannel.isActive()) {
            packet.release();
            return to == null;
        }
        if (!rtpChannel.isWritable()) {
            // the socket has not taken what we queued: drop here, as a full UDP buffer would
            packet.release();
            return false;
        }
        rtpChannel.write(new DatagramPacket(packet, to), promise(rtpChannel));
        return true;
    }

    @Override
    public void sendRtcp(Track track, ByteBuf packet) {
        InetSocketAddress to = rtcpTo.get(track);
        if (to == null || !rtcpChannel.isActive()) {
            packet.release();
            return;
        }
        rtcpChannel.writeAndFlush(new DatagramPacket(packet, to), promise(rtcpChannel));
    }

    private ChannelPromise promise(Channel c) {
        return failures == null ? c.voidPromise() : c.newPromise().addListener(failures);
    }

    @Override
    public void flush() {
        rtpChannel.flush();
    }

    @Override
    public InetSocketAddress rtcpSource(Track track) {
        return rtcpTo.get(track);
    }

    @Override
    public boolean isClosed() {
        return !rtpChannel.isActive();
    }
}
