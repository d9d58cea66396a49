package org.glasscast.sender.rtsp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.glasscast.protocol.interleaved.InterleavedFrame;
import org.glasscast.protocol.rtsp.RtspAuth;
import org.glasscast.protocol.rtsp.TransportHeader;
import org.glasscast.protocol.sdp.SdpWriter;
import org.glasscast.sender.SenderStats;
import org.glasscast.sender.stream.InterleavedSink;
import org.glasscast.sender.stream.MediaSink;
import org.glasscast.sender.stream.SendFailures;
import org.glasscast.sender.stream.StreamDescription;
import org.glasscast.sender.stream.StreamPublisher;
import org.glasscast.sender.stream.Subscription;
import org.glasscast.sender.stream.Track;
import org.glasscast.sender.stream.UdpSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP 1.0 server side of one connection (RFC 2326 §10): OPTIONS, DESCRIBE, SETUP (UDP or
 * interleaved TCP), PLAY, PAUSE, TEARDOWN, GET_PARAMETER/SET_PARAMETER keep-alives. RTCP from
 * the client on interleaved channels lands here too. Bad requests get an RTSP error status and
 * are counted; nothing is thrown out of the event loop.
 */
final class RtspServerHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(RtspServerHandler.class);
    static final String PATH = "/live";
    private static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    private final ServerContext server;
    private boolean refusedLogged;
    /** Why the connection failed (the system's words), when it did rather than close. */
    private String failedBecause;

    RtspServerHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req) {
            handleRequest(ctx, req);
        } else if (msg instanceof InterleavedFrame frame) {
            server.rtcp().onInterleaved(ctx.channel(), frame);
        }
    }

    private void handleRequest(ChannelHandlerContext ctx, FullHttpRequest req) {
        String cseq = req.headers().get(RtspHeaderNames.CSEQ);
        if (req.decoderResult().isFailure() || cseq == null) {
            server.stats().malformed.increment();
            badRequestAndClose(ctx);
            return;
        }
        HttpMethod m = req.method();
        log.debug("{} {} {} CSeq {} Session {}", ctx.channel().remoteAddress(), m, req.uri(), cseq,
                req.headers().get(RtspHeaderNames.SESSION));
        if (!authorized(ctx, req, m, cseq)) {
            return;
        }
        String id = sessionId(req);
        if (id != null) {
            server.sessions().get(id); // any request naming the session keeps it alive (OPTIONS as a keep-alive too)
        }
        try {
            if (RtspMethods.OPTIONS.equals(m)) {
                FullHttpResponse r = response(RtspResponseStatuses.OK, cseq);
                r.headers().set(RtspHeaderNames.PUBLIC, PUBLIC);
                send(ctx, r);
            } else if (RtspMethods.DESCRIBE.equals(m)) {
                describe(ctx, req, cseq);
            } else if (RtspMethods.SETUP.equals(m)) {
                setup(ctx, req, cseq);
            } else if (RtspMethods.PLAY.equals(m)) {
                play(ctx, req, cseq);
            } else if (RtspMethods.PAUSE.equals(m)) {
                pause(ctx, req, cseq);
            } else if (RtspMethods.TEARDOWN.equals(m)) {
                teardown(ctx, req, cseq);
            } else if (RtspMethods.GET_PARAMETER.equals(m) || RtspMethods.SET_PARAMETER.equals(m)) {
                keepAlive(ctx, req, cseq);
            } else {
                send(ctx, response(RtspResponseStatuses.METHOD_NOT_ALLOWED, cseq));
            }
        } catch (IllegalArgumentException e) {
            server.stats().malformed.increment();
            log.debug("bad {} from {}: {}", m, ctx.channel().remoteAddress(), e.getMessage());
            send(ctx, response(RtspResponseStatuses.BAD_REQUEST, cseq));
        }
    }

    /**
     * With {@code --auth}, every request but OPTIONS (which clients send before they know a
     * password is asked) proves the password; otherwise 401 with a Digest challenge.
     */
    private boolean authorized(ChannelHandlerContext ctx, FullHttpRequest req, HttpMethod m, String cseq) {
        RtspAuth.Server auth = server.auth();
        if (auth == null || RtspMethods.OPTIONS.equals(m)) {
            return true;
        }
        String answer = req.headers().get(RtspHeaderNames.AUTHORIZATION);
        RtspAuth.Verdict v = auth.verify(m.name(), answer);
        if (v == RtspAuth.Verdict.OK) {
            return true;
        }
        if (answer != null && v == RtspAuth.Verdict.DENIED) {
            server.stats().unauthorized.increment();
            if (!refusedLogged) { // once per connection: some clients try again and again
                refusedLogged = true;
                log.info("{}: wrong user name or password", ctx.channel().remoteAddress());
            }
        }
        FullHttpResponse r = response(RtspResponseStatuses.UNAUTHORIZED, cseq);
        r.headers().set(RtspHeaderNames.WWW_AUTHENTICATE, auth.challenge(v == RtspAuth.Verdict.STALE));
        send(ctx, r);
        return false;
    }

    private void describe(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
        URI uri = uri(req);
        if (!isStreamPath(uri.getPath())) {
            send(ctx, response(RtspResponseStatuses.NOT_FOUND, cseq));
            return;
        }
        String origin = ctx.channel().localAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : "127.0.0.1";
        String sdp = SdpWriter.write(StreamDescription.forRtsp(server.publisher(), server.raw(), server.audio(), origin));
        FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK,
                Unpooled.copiedBuffer(sdp, StandardCharsets.UTF_8));
        r.headers().set(RtspHeaderNames.CSEQ, cseq);
        r.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
        r.headers().set(RtspHeaderNames.CONTENT_BASE, baseUrl(req) + "/");
        send(ctx, r);
    }

    private void setup(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
        URI uri = uri(req);
        Track track = Track.fromSetupUrl(uri.getPath());
        if (track == null || (track == Track.AUDIO && !server.audio()) || !uri.getPath().startsWith(PATH + "/")) {
            send(ctx, response(RtspResponseStatuses.NOT_FOUND, cseq));
            return;
        }
        TransportHeader requested;
        try {
            requested = TransportHeader.parse(req.headers().get(RtspHeaderNames.TRANSPORT));
        } catch (IllegalArgumentException e) {
            send(ctx, response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq));
            return;
        }
        if (requested.multicast() || (!requested.interleaved() && requested.rtpPort() <= 0)) {
            send(ctx, response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq));
            return;
        }
        String sessionId = sessionId(req);
        RtspSession session;
        if (sessionId == null) {
            session = server.sessions().create(ctx.channel());
            if (session == null) {
                send(ctx, response(RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, cseq));
                return;
            }
        } else {
            session = server.sessions().get(sessionId);
            if (session == null) {
                send(ctx, response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq));
                return;
            }
        }
        if (session.subscription != null) {
            send(ctx, response(RtspResponseStatuses.METHOD_NOT_VALID, cseq));
            return;
        }
        if (!session.transports.isEmpty()
                && session.transports.values().iterator().next().interleaved() != requested.interleaved()) {
            send(ctx, response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq));
            return;
        }
        TransportHeader reply = requested.interleaved()
                ? requested.withServer(-1, -1, server.publisher().ssrc(track))
                : requested.withServer(server.rtpPort(), server.rtcpPort(), server.publisher().ssrc(track));
        session.transports.put(track, reply);
        FullHttpResponse r = response(RtspResponseStatuses.OK, cseq);
        r.headers().set(RtspHeaderNames.TRANSPORT, reply.format());
        r.headers().set(RtspHeaderNames.SESSION, session.id + ";timeout=" + SessionRegistry.TIMEOUT_SECONDS);
        send(ctx, r);
    }

    private void play(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
        RtspSession session = session(ctx, req, cseq);
        if (session == null) {
            return;
        }
        if (session.transports.isEmpty()) {
            send(ctx, response(RtspResponseStatuses.METHOD_NOT_VALID, cseq));
            return;
        }
        FullHttpResponse r = response(RtspResponseStatuses.OK, cseq);
        r.headers().set(RtspHeaderNames.SESSION, session.id);
        r.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
        StringJoiner rtpInfo = new StringJoiner(",");
        long now = server.publisher().clockNowMicros();
        for (Track t : session.transports.keySet()) {
            rtpInfo.add("url=" + baseUrl(req) + "/" + t.control() + ";seq=" + server.publisher().nextSequenceNumber(t)
                    + ";rtptime=" + server.publisher().rtpTimestamp(t, now));
        }
        r.headers().set(RtspHeaderNames.RTP_INFO, rtpInfo.toString());
        send(ctx, r);
        if (session.subscription == null) {
            session.subscription = new Subscription(session.name, Subscription.Kind.RTSP_VIEWER, sink(ctx, session));
            server.publisher().subscribe(session.subscription);
            session.played = true;
            log.info("{} playing over {}", session.name,
                    session.transports.values().iterator().next().interleaved() ? "TCP" : "UDP");
        }
    }

    private MediaSink sink(ChannelHandlerContext ctx, RtspSession session) {
        if (session.transports.values().iterator().next().interleaved()) {
            InterleavedSink sink = new InterleavedSink(ctx.channel());
            session.transports.forEach((t, tr) -> sink.addTrack(t, tr.rtpPort()));
            return sink;
        }
        java.net.InetAddress peer = peer(ctx);
        session.sendFailures = new SendFailures(session.name, peer, server.stats().packetsSendFailed,
                server.sessions()::nowNanos, log::info);
        UdpSink sink = new UdpSink(server.rtpChannel(), server.rtcpChannel(), session.sendFailures);
        session.transports.forEach((t, tr) -> sink.addTrack(t,
                new InetSocketAddress(peer, tr.rtpPort()), new InetSocketAddress(peer, tr.rtcpPort())));
        return sink;
    }

    /** The client's address (loopback for an in-memory channel). */
    private static java.net.InetAddress peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress() : java.net.InetAddress.getLoopbackAddress();
    }

    private void pause(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
        RtspSession session = session(ctx, req, cseq);
        if (session == null) {
            return;
        }
        if (session.subscription != null) {
            server.publisher().unsubscribe(session.subscription);
            session.subscription = null;
            session.sendFailures = null; // nothing is sent while paused: no failing time either
        }
        FullHttpResponse r = response(RtspResponseStatuses.OK, cseq);
        r.headers().set(RtspHeaderNames.SESSION, session.id);
        send(ctx, r);
    }

    private void teardown(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
        RtspSession session = session(ctx, req, cseq);
        if (session == null) {
            return;
        }
        server.sessions().remove(session, "TEARDOWN");
        send(ctx, response(RtspResponseStatuses.OK, cseq));
    }

    private void keepAlive(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
        String id = sessionId(req);
        if (id != null && server.sessions().get(id) == null) {
            send(ctx, response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq));
            return;
        }
        FullHttpResponse r = response(RtspResponseStatuses.OK, cseq);
        if (id != null) {
            r.headers().set(RtspHeaderNames.SESSION, id);
        }
        send(ctx, r);
    }

    private RtspSession session(ChannelHandlerContext ctx, FullHttpRequest req, String cseq) {
        String id = sessionId(req);
        RtspSession s = id == null ? null : server.sessions().get(id);
        if (s == null) {
            send(ctx, response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq));
        }
        return s;
    }

    private static String sessionId(FullHttpRequest req) {
        String s = req.headers().get(RtspHeaderNames.SESSION);
        if (s == null) {
            return null;
        }
        int semi = s.indexOf(';');
        return (semi < 0 ? s : s.substring(0, semi)).trim();
    }

    private static boolean isStreamPath(String path) {
        return PATH.equals(path) || (PATH + "/").equals(path);
    }

    private static URI uri(FullHttpRequest req) {
        try {
            URI u = new URI(req.uri());
            if (u.getPath() == null) {
                throw new IllegalArgumentException("no path in " + req.uri());
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("bad URI " + req.uri());
        }
    }

    /** The stream URL without a trailing slash or track, as the client addressed us. */
    private static String baseUrl(FullHttpRequest req) {
        URI u = uri(req);
        String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
        return (u.getScheme() == null ? "rtsp" : u.getScheme()) + "://" + authority + PATH;
    }

    private static FullHttpResponse response(HttpResponseStatus status, String cseq) {
        FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status);
        if (cseq != null) {
            r.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        return r;
    }

    /** A request we cannot even number (no CSeq, unparsable): answer 400 and close. */
    private static void badRequestAndClose(ChannelHandlerContext ctx) {
        FullHttpResponse r = response(RtspResponseStatuses.BAD_REQUEST, null);
        r.headers().set(RtspHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse r) {
        log.debug("{} <- {} (CSeq {})", ctx.channel().remoteAddress(), r.status(), r.headers().get(RtspHeaderNames.CSEQ));
        r.headers().set(RtspHeaderNames.SERVER, "glasscast");
        r.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        ctx.writeAndFlush(r);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        log.debug("{} closed", ctx.channel().remoteAddress());
        server.sessions().removeConnection(ctx.channel(),
                failedBecause == null ? "RTSP connection closed" : "RTSP connection failed: " + failedBecause);
        ctx.fireChannelInactive();
    }

    /**
     * A connection with nothing on it for two session timeouts is closed, unless a session lives
     * on it: a UDP viewer may keep its session alive by RTCP alone, and the session's own time-out
     * closes the connection when it expires.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!server.sessions().hasSessionOn(ctx.channel())) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) { // the connection failing (reset, a write that cannot go out)
            if (failedBecause == null) {
                failedBecause = SendFailures.describe(cause, peer(ctx));
            }
        } else {
            server.stats().malformed.increment(); // what the codecs could not parse
        }
        log.debug("closing RTSP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
