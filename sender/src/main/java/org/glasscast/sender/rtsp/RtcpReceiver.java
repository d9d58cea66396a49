package org.glasscast.sender.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.List;
import org.glasscast.protocol.interleaved.InterleavedFrame;
import org.glasscast.protocol.rtcp.FeedbackMessage;
import org.glasscast.protocol.rtcp.RtcpCodec;
import org.glasscast.protocol.rtcp.RtcpException;
import org.glasscast.protocol.rtcp.RtcpPacket;
import org.glasscast.sender.SenderStats;
import org.glasscast.sender.stream.StreamPublisher;
import org.glasscast.sender.stream.Subscription;

/**
 * RTCP from viewers (receiver reports, PLI), over UDP to the server's RTCP port or interleaved in
 * an RTSP connection, each routed to the viewer's own subscription (by its RTCP address over UDP,
 * by its connection and channel when interleaved): keeps the viewer's session alive and turns PLI
 * into a keyframe. Malformed packets are counted and dropped.
 */
@ChannelHandler.Sharable
final class RtcpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    /** RTCP payload type of payload-specific feedback, and PLI's format (RFC 4585 §6.3.1). */
    private static final int PSFB = 206;
    private static final int PLI = 1;

    private final StreamPublisher publisher;
    private final SenderStats stats;
    private SessionRegistry sessions;

    RtcpReceiver(StreamPublisher publisher, SenderStats stats) {
        this.publisher = publisher;
        this.stats = stats;
    }

    void sessions(SessionRegistry registry) {
        this.sessions = registry;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        Subscription s = publisher.subscriptionByRtcpSource(packet.sender());
        handle(packet.content(), s);
    }

    void onInterleaved(Channel connection, InterleavedFrame frame) {
        if ((frame.channel() & 1) == 0) {
            return; // RTP from a client: not something a player sends us
        }
        // the viewer's own subscription, as its address names it over UDP: feedback reaches the right viewer
        handle(frame.content(), sessions.subscriptionOf(connection, frame.channel()));
        sessions.touchConnection(connection);
    }

    /** A send failure reaching the pipeline (each viewer's own are told to its SendFailures): counted, not logged per packet. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            stats.packetsSendFailed.increment();
        } else {
            stats.malformed.increment();
        }
    }

    private void handle(ByteBuf buf, Subscription from) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCodec.decode(buf);
        } catch (RtcpException e) {
            stats.malformed.increment();
            return;
        }
        if (from != null) {
            sessions.touch(from);
        }
        for (RtcpPacket p : packets) {
            if (p instanceof FeedbackMessage fb && fb.packetType() == PSFB && fb.format() == PLI) {
                stats.keyframeRequests.increment();
                publisher.requestKeyframe();
            }
        }
    }
}
