package org.glasscast.sender.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.interleaved.InterleavedFrameEncoder;
import org.glasscast.protocol.interleaved.RtspInterleavedDemuxer;
import org.glasscast.protocol.netty.IoTransport;
import org.glasscast.protocol.raw.RawFormat;
import org.glasscast.protocol.rtsp.RtspAuth;
import org.glasscast.sender.SenderStats;
import org.glasscast.sender.stream.StreamPublisher;

/**
 * The RTSP server of a sender (pull mode): a TCP listener for RTSP (with interleaved media) and
 * one UDP port pair, shared by every UDP viewer, from which RTP is sent and RTCP received.
 */
public final class RtspServer implements AutoCloseable {
    /** Largest RTSP request we accept (a SETUP is a few hundred bytes). */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Channel listener;
    private final ServerContext context;

    private RtspServer(Channel listener, ServerContext context) {
        this.listener = listener;
        this.context = context;
    }

    /**
     * Binds the listener and the UDP pair on the group's loop.
     *
     * @throws java.io.UncheckedIOException naming the address when it cannot be bound
     */
    public static RtspServer start(EventLoopGroup group, InetSocketAddress listen, StreamPublisher publisher,
                                   RawFormat raw, boolean audio, SenderStats stats, RtspAuth.Credentials auth)
            throws InterruptedException {
        RtcpReceiver rtcp = new RtcpReceiver(publisher, stats);
        Channel[] udp = bindUdpPair(group, listen.getAddress(), rtcp, stats);
        SessionRegistry sessions = new SessionRegistry(publisher, System::nanoTime);
        rtcp.sessions(sessions);
        ServerContext ctx = new ServerContext(publisher, raw, sessions, rtcp, stats, audio, udp[0], udp[1],
                port(udp[0]), port(udp[1]), auth == null ? null : new RtspAuth.Server(auth, "glasscast"));
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(IoTransport.serverSocketChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                // interleaved media: a viewer that cannot keep up is cut at 4 MiB, not buffered without bound
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        RtspInterleavedDemuxer demuxer = new RtspInterleavedDemuxer();
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, SessionRegistry.TIMEOUT_SECONDS * 2L, TimeUnit.SECONDS))
                                .addLast("demux", demuxer)
                                .addLast("rtsp-decoder", new RtspDecoder())
                                .addLast("rtsp-encoder", new RtspEncoder())
                                .addLast("interleaved-encoder", new InterleavedFrameEncoder())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast("rtsp", new RtspServerHandler(ctx))
                                .addLast("count-demux-garbage", new DemuxGarbageCounter(demuxer, stats));
                    }
                });
        Channel listener;
        try {
            listener = b.bind(listen).sync().channel();
        } catch (Exception e) {
            udp[0].close();
            udp[1].close();
            throw new java.io.UncheckedIOException(new java.io.IOException(
                    "cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage()));
        }
        group.next().scheduleAtFixedRate(() -> {
            try {
                sessions.expire();
            } catch (RuntimeException e) { // a periodic task that throws is never run again
                org.slf4j.LoggerFactory.getLogger(RtspServer.class).warn("expiring sessions: {}", e.toString());
            }
        }, SessionRegistry.EXPIRE_PERIOD_SECONDS, SessionRegistry.EXPIRE_PERIOD_SECONDS, TimeUnit.SECONDS);
        return new RtspServer(listener, ctx);
    }

    /** RTP on an even port and RTCP on the next one (RFC 3550 §11), tried a few times. */
    private static Channel[] bindUdpPair(EventLoopGroup group, java.net.InetAddress address,
                                         RtcpReceiver rtcp, SenderStats stats) throws InterruptedException {
        Bootstrap rtpBootstrap = new Bootstrap().group(group).channel(IoTransport.datagramChannel())
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new DiscardInbound(stats));
        Bootstrap rtcpBootstrap = new Bootstrap().group(group).channel(IoTransport.datagramChannel()).handler(rtcp);
        for (int attempt = 0; attempt < 50; attempt++) {
            Channel rtp = rtpBootstrap.bind(address, 0).sync().channel();
            int port = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (port % 2 == 0 && port < 65535) {
                try {
                    Channel rtcpCh = rtcpBootstrap.bind(address, port + 1).sync().channel();
                    return new Channel[] {rtp, rtcpCh};
                } catch (Exception taken) {
                    // the odd neighbour is in use; try another pair
                }
            }
            rtp.close().sync();
        }
        throw new java.io.UncheckedIOException(new java.io.IOException("no free UDP port pair on " + address));
    }

    public int port() {
        return port(listener);
    }

    private static int port(Channel c) {
        return ((InetSocketAddress) c.localAddress()).getPort();
    }

    public int rtpPort() {
        return context.rtpPort();
    }

    @Override
    public void close() {
        context.sessions().closing();
        listener.close().syncUninterruptibly();
        context.rtpChannel().close().syncUninterruptibly();
        context.rtcpChannel().close().syncUninterruptibly();
    }

    /**
     * What clients send to our RTP port (NAT keep-alives) is read and dropped. A send failure
     * reaching the pipeline (each viewer's own are told to its {@code SendFailures}) is counted,
     * never logged per packet.
     */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class DiscardInbound extends ChannelInboundHandlerAdapter {
        private final SenderStats stats;

        DiscardInbound(SenderStats stats) {
            this.stats = stats;
        }

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            if (cause instanceof java.io.IOException) {
                stats.packetsSendFailed.increment();
            } else {
                stats.malformed.increment();
            }
        }
    }

    /** Adds the demultiplexer's skipped-garbage count to the stats when the connection ends. */
    private static final class DemuxGarbageCounter extends ChannelInboundHandlerAdapter {
        private final RtspInterleavedDemuxer demuxer;
        private final SenderStats stats;

        DemuxGarbageCounter(RtspInterleavedDemuxer demuxer, SenderStats stats) {
            this.demuxer = demuxer;
            this.stats = stats;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stats.malformed.add(demuxer.malformedCount());
            ctx.fireChannelInactive();
        }
    }
}
