package org.glasscast.viewer.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.glasscast.protocol.interleaved.InterleavedFrame;
import org.glasscast.protocol.net.ConnectFailure;
import org.glasscast.protocol.netty.IoTransport;
import org.glasscast.protocol.rtsp.TransportHeader;
import org.glasscast.protocol.sdp.MediaDescription;
import org.glasscast.protocol.sdp.SdpException;
import org.glasscast.protocol.sdp.SdpParser;
import org.glasscast.protocol.sdp.SessionDescription;
import org.glasscast.viewer.rtp.TrackReceiver;
import org.glasscast.viewer.rtsp.RtspClient;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * Where a viewer's media comes from and where its RTCP goes: an RTSP session (RTP over UDP port
 * pairs, or interleaved in the RTSP connection) or an SDP file (RTP over UDP on the ports it
 * names, no return path). Packets are handed to each track's {@link TrackReceiver} on the event
 * loop; a frame on an unknown interleaved channel is counted as malformed.
 */
public final class MediaSource implements AutoCloseable {
    private static final int UDP_RECEIVE_BUFFER = 4 << 20;
    /** The largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;

    private final EventLoopGroup group;
    private final ViewerStats stats;
    private final SessionDescription description;
    private final RtspClient rtsp;
    private final String baseUrl;
    private final boolean tcp;
    private final List<Channel> udpChannels = new ArrayList<>();
    private final Map<Integer, TrackReceiver> rtpByChannel = new HashMap<>();
    private final Map<Integer, TrackReceiver> rtcpByChannel = new HashMap<>();
    private final Map<TrackReceiver, Consumer<ByteBuf>> rtcpOut = new IdentityHashMap<>();

    private MediaSource(EventLoopGroup group, ViewerStats stats, SessionDescription description, RtspClient rtsp,
                        String baseUrl, boolean tcp) {
        this.group = group;
        this.stats = stats;
        this.description = description;
        this.rtsp = rtsp;
        this.baseUrl = baseUrl;
        this.tcp = tcp;
    }

    /**
     * Connects ({@code attempts} tries with back-off within {@code connectSeconds}) and asks for the
     * stream's description; each RTSP answer is waited for {@code answerSeconds}.
     *
     * @param onNewCause hears why connecting failed, at the first failure and when the cause changes
     * @param onClosed   runs on the event loop if the RTSP connection closes
     */
    public static MediaSource rtsp(EventLoopGroup group, URI url, boolean tcp, int attempts, double connectSeconds,
                                   double answerSeconds, ViewerStats stats, Consumer<ConnectFailure> onNewCause,
                                   Runnable onClosed) throws IOException, InterruptedException {
        MediaSource[] self = new MediaSource[1];
        RtspClient client = RtspClient.connect(group, url, attempts, connectSeconds, answerSeconds, onNewCause,
                frame -> self[0].onInterleaved(frame), onClosed);
        try {
            // straight to DESCRIBE: OPTIONS follows PLAY (it only chooses the keep-alive), one round trip less
            RtspClient.Description d = client.describe();
            self[0] = new MediaSource(group, stats, d.sdp(), client, d.baseUrl(), tcp);
            return self[0];
        } catch (IOException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Reads an SDP file (a push stream: RTP arrives on the ports it names). */
    public static MediaSource sdpFile(EventLoopGroup group, Path file, ViewerStats stats) throws IOException {
        try {
            return new MediaSource(group, stats, SdpParser.parse(Files.readString(file)), null, null, false);
        } catch (NoSuchFileException e) {
            throw new IOException("no such SDP file: " + file);
        } catch (SdpException e) {
            throw new IOException(file + " is not a usable SDP file: " + e.getMessage());
        }
    }

    public SessionDescription description() {
        return description;
    }

    /** Sets the tracks up and starts them: SETUP each and PLAY, or bind the SDP file's ports. */
    public void start(Map<MediaDescription, TrackReceiver> tracks) throws IOException, InterruptedException {
        if (rtsp == null) {
            for (Map.Entry<MediaDescription, TrackReceiver> t : tracks.entrySet()) {
                if (t.getKey().port() <= 0) {
                    throw new IOException("the SDP's " + t.getKey().media() + " stream has no port");
                }
                bindUdpPair(t.getValue(), t.getKey().port());
            }
            return;
        }
        InetAddress server = rtsp.remoteAddress().getAddress();
        int channel = 0;
        for (Map.Entry<MediaDescription, TrackReceiver> t : tracks.entrySet()) {
            TrackReceiver tr = t.getValue();
            String control = RtspClient.controlUrl(baseUrl, t.getKey().control());
            if (tcp) {
                TransportHeader reply = rtsp.setup(control, TransportHeader.tcp(channel, channel + 1));
                rtpByChannel.put(reply.rtpPort(), tr);
                rtcpByChannel.put(reply.rtcpPort(), tr);
                int rtcpChannel = reply.rtcpPort();
                rtcpOut.put(tr, buf -> rtsp.writeInterleaved(new InterleavedFrame(rtcpChannel, buf)));
                channel += 2;
            } else {
                Channel[] pair = bindUdpPair(tr, 0);
                TransportHeader reply = rtsp.setup(control, TransportHeader.udp(port(pair[0]), port(pair[1])));
                if (reply.serverRtcpPort() > 0) {
                    InetSocketAddress to = new InetSocketAddress(server, reply.serverRtcpPort());
                    rtcpOut.put(tr, buf -> pair[1].writeAndFlush(new DatagramPacket(buf, to), pair[1].voidPromise()));
                }
            }
        }
        rtsp.play();
        rtsp.optionsInBackground();
        rtsp.startKeepAlive();
    }

    /** Sends RTCP of a track back to the sender; takes ownership (released where there is no return path). */
    public void sendRtcp(TrackReceiver track, ByteBuf compound) {
        Consumer<ByteBuf> to = rtcpOut.get(track);
        if (to == null) {
            compound.release();
        } else {
            to.accept(compound);
        }
    }

    /** "RTSP over TCP", "RTSP over UDP" or "SDP file (RTP over UDP)". */
    public String transportName() {
        return rtsp == null ? "SDP file (RTP over UDP)" : "RTSP over " + (tcp ? "TCP" : "UDP");
    }

    /** Binds RTP and RTCP ports: the given pair, or an even/odd pair chosen by the system when 0. */
    private Channel[] bindUdpPair(TrackReceiver tr, int port) throws IOException, InterruptedException {
        Bootstrap rtp = udpBootstrap(new DatagramHandler(tr, false));
        Bootstrap rtcp = udpBootstrap(new DatagramHandler(tr, true));
        for (int attempt = 0; attempt < 50; attempt++) {
            Channel a;
            try {
                a = rtp.bind(port).sync().channel();
            } catch (Exception e) {
                throw new IOException("cannot receive on UDP port " + port + ": " + systemWords(e));
            }
            int p = port(a);
            if (port != 0 || (p % 2 == 0 && p < 65535)) {
                try {
                    Channel b = rtcp.bind(p + 1).sync().channel();
                    udpChannels.add(a);
                    udpChannels.add(b);
                    return new Channel[] {a, b};
                } catch (Exception e) {
                    if (port != 0) {
                        a.close();
                        throw new IOException("cannot receive RTCP on UDP port " + (p + 1) + ": " + systemWords(e));
                    }
                }
            }
            a.close().sync();
        }
        throw new IOException("no free UDP port pair");
    }

    /** The system's reason without Netty's call and errno: "Address already in use". */
    private static String systemWords(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceFirst("^\\S+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
    }

    private Bootstrap udpBootstrap(DatagramHandler handler) {
        return new Bootstrap().group(group).channel(IoTransport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                // Netty reads datagrams into 2 KiB by default and truncates larger ones; raw video
                // on loopback sends up to 65000-byte payloads (--mtu)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(handler);
    }

    private static int port(Channel c) {
        return ((InetSocketAddress) c.localAddress()).getPort();
    }

    /** RTP or RTCP datagrams of one track. Sharable: a bind retried with the same bootstrap re-adds it. */
    @ChannelHandler.Sharable
    private static final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final TrackReceiver track;
        private final boolean rtcp;

        DatagramHandler(TrackReceiver track, boolean rtcp) {
            this.track = track;
            this.rtcp = rtcp;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (rtcp) {
                track.onRtcp(packet.content());
            } else {
                track.onRtp(packet.content());
            }
        }
    }

    private void onInterleaved(InterleavedFrame frame) {
        try {
            TrackReceiver rtp = rtpByChannel.get(frame.channel());
            TrackReceiver rtcp = rtcpByChannel.get(frame.channel());
            if (rtp != null) {
                rtp.onRtp(frame.content());
            } else if (rtcp != null) {
                rtcp.onRtcp(frame.content());
            } else {
                stats.packetsMalformed.increment();
            }
        } finally {
            frame.release();
        }
    }

    /** TEARDOWN (best effort) and closes every socket. */
    @Override
    public void close() {
        if (rtsp != null) {
            rtsp.close();
        }
        for (Channel c : udpChannels) {
            c.close().syncUninterruptibly();
        }
    }
}
