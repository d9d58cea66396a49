package org.glasscast.sender.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import org.glasscast.protocol.interleaved.InterleavedFrame;

/**
 * RTP and RTCP interleaved in the viewer's RTSP connection ({@code $} framing, RFC 2326
 * §10.12). A connection that cannot keep up (not writable) loses whole packets here instead of
 * buffering without bound; the subscription then waits for the next keyframe.
 */
public final class InterleavedSink implements MediaSink {
    private final Channel channel;
    private final Map<Track, Integer> rtpChannels = new EnumMap<>(Track.class);

    public InterleavedSink(Channel channel) {
        this.channel = channel;
    }

    public InterleavedSink addTrack(Track track, int rtpChannel) {
        rtpChannels.put(track, rtpChannel);
        return this;
    }

    @Override
    public boolean sendRtp(Track track, ByteBuf packet) {
        Integer ch = rtpChannels.get(track);
        if (ch == null) {
            packet.release();
            return true;
        }
        if (!channel.isActive() || !channel.isWritable()) {
            packet.release();
            return false;
        }
        channel.write(new InterleavedFrame(ch, packet), channel.voidPromise());
        return true;
    }

    @Override
    public void sendRtcp(Track track, ByteBuf packet) {
        Integer ch = rtpChannels.get(track);
        if (ch == null || !channel.isActive()) {
            packet.release();
            return;
        }
        channel.writeAndFlush(new InterleavedFrame(ch + 1, packet), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public InetSocketAddress rtcpSource(Track track) {
        return null;
    }

    @Override
    public boolean isClosed() {
        return !channel.isActive();
    }

    /** The track whose RTCP arrives on an interleaved channel, or null. */
    public Track trackOfRtcpChannel(int interleavedChannel) {
        for (Map.Entry<Track, Integer> e : rtpChannels.entrySet()) {
            if (e.getValue() + 1 == interleavedChannel) {
                return e.getKey();
            }
        }
        return null;
    }
}
