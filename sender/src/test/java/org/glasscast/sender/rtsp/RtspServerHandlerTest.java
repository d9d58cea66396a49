package org.glasscast.sender.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.protocol.clock.MediaClock;
import io.netty.channel.socket.DatagramPacket;
import org.glasscast.protocol.interleaved.InterleavedFrameEncoder;
import org.glasscast.protocol.interleaved.RtspInterleavedDemuxer;
import org.glasscast.protocol.rtcp.ReceiverReport;
import org.glasscast.protocol.rtcp.RtcpCodec;
import org.glasscast.protocol.rtsp.RtspAuth;
import org.glasscast.sender.SenderStats;
import org.glasscast.sender.stream.StreamPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RTSP server's request handling, over an in-memory channel with the real codec pipeline. */
class RtspServerHandlerTest {
    private static final String URL = "rtsp://127.0.0.1:8554/live";

    private EmbeddedChannel ch;
    private EmbeddedChannel udp;
    private SenderStats stats;
    private SessionRegistry sessions;
    private RtcpReceiver rtcp;
    private final AtomicInteger keyframeRequests = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void setUp() {
        build(null);
    }

    private void build(RtspAuth.Server auth) {
        ch = new EmbeddedChannel();
        udp = new EmbeddedChannel();
        stats = new SenderStats();
        StreamPublisher publisher = new StreamPublisher(ch.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, keyframeRequests::incrementAndGet, stats);
        sessions = new SessionRegistry(publisher, now::get, lines::add);
        rtcp = new RtcpReceiver(publisher, stats);
        rtcp.sessions(sessions);
        ServerContext ctx = new ServerContext(publisher, null, sessions, rtcp, stats, true, udp, udp, 6970, 6971, auth);
        ch.pipeline().addLast(new RtspInterleavedDemuxer(), new RtspDecoder(), new RtspEncoder(),
                new InterleavedFrameEncoder(), new HttpObjectAggregator(65536), new RtspServerHandler(ctx));
    }

    @AfterEach
    void tearDown() {
        ch.finishAndReleaseAll();
        udp.finishAndReleaseAll();
    }

    /** Sends one request and returns the whole response text. */
    private String exchange(String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return sb.toString();
    }

    private static String header(String response, String name) {
        return response.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse(null);
    }

    @Test
    void withAuthEveryRequestButOptionsProvesThePassword() {
        tearDown();
        build(new RtspAuth.Server(new RtspAuth.Credentials("alice", "secret"), "glasscast"));
        assertThat(exchange("OPTIONS " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n")).startsWith("RTSP/1.0 200 OK\r\n");
        String denied = exchange("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 2\r\n\r\n");
        assertThat(denied).startsWith("RTSP/1.0 401 Unauthorized\r\n").doesNotContain("m=video");
        java.util.List<RtspAuth.Challenge> challenge = RtspAuth.parse(java.util.List.of(header(denied, "WWW-Authenticate")));
        assertThat(challenge).extracting(RtspAuth.Challenge::scheme).containsExactly("digest");
        assertThat(stats.unauthorized.sum()).as("asking without a password is the normal first step").isZero();

        String wrong = RtspAuth.answer(challenge, "alice", "guess").header("DESCRIBE", URL);
        assertThat(exchange("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 3\r\nAuthorization: " + wrong + "\r\n\r\n"))
                .startsWith("RTSP/1.0 401 Unauthorized\r\n");
        assertThat(stats.unauthorized.sum()).isEqualTo(1);

        RtspAuth.Answer right = RtspAuth.answer(challenge, "alice", "secret");
        String ok = exchange("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 4\r\nAuthorization: " + right.header("DESCRIBE", URL)
                + "\r\n\r\n");
        assertThat(ok).startsWith("RTSP/1.0 200 OK\r\n").contains("m=video");
        // SETUP without the header is refused and subscribes nobody; with it, it is set up
        assertThat(exchange("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 5\r\n"
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")).startsWith("RTSP/1.0 401 Unauthorized\r\n");
        assertThat(exchange("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 6\r\nAuthorization: "
                + right.header("SETUP", URL + "/trackID=0") + "\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"))
                .startsWith("RTSP/1.0 200 OK\r\n");
    }

    @Test
    void optionsListsTheMethods() {
        String r = exchange("OPTIONS " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        assertThat(r).startsWith("RTSP/1.0 200 OK\r\n");
        assertThat(header(r, "CSeq")).isEqualTo("1");
        assertThat(header(r, "Public")).contains("DESCRIBE", "SETUP", "PLAY", "TEARDOWN", "GET_PARAMETER");
    }

    @Test
    void describeAnswersSdpWithBothTracksAndContentBase() {
        String r = exchange("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n");
        assertThat(r).startsWith("RTSP/1.0 200 OK\r\n");
        assertThat(header(r, "Content-Type")).isEqualTo("application/sdp");
        assertThat(header(r, "Content-Base")).isEqualTo(URL + "/");
        assertThat(r).contains("m=video 0 RTP/AVP 96\r\n", "a=rtpmap:96 H264/90000\r\n", "a=control:trackID=0\r\n",
                "m=audio 0 RTP/AVP 97\r\n", "a=rtpmap:97 opus/48000/2\r\n", "a=ptime:10\r\n", "a=maxptime:10\r\n",
                "a=control:trackID=1\r\n");
        int body = r.indexOf("\r\n\r\n") + 4;
        assertThat(Integer.parseInt(header(r, "Content-Length"))).isEqualTo(r.length() - body);
    }

    @Test
    void unknownPathIs404() {
        assertThat(exchange("DESCRIBE rtsp://127.0.0.1:8554/other RTSP/1.0\r\nCSeq: 3\r\n\r\n"))
                .startsWith("RTSP/1.0 404 Not Found\r\n");
    }

    @Test
    void tcpSetupPlayTeardownSubscribesAndUnsubscribes() {
        String setup = exchange("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 4\r\n"
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
        assertThat(setup).startsWith("RTSP/1.0 200 OK\r\n");
        assertThat(header(setup, "Transport")).startsWith("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=");
        String session = header(setup, "Session");
        assertThat(session).endsWith(";timeout=20");
        String id = session.substring(0, session.indexOf(';'));

        String setup2 = exchange("SETUP " + URL + "/trackID=1 RTSP/1.0\r\nCSeq: 5\r\nSession: " + id + "\r\n"
                + "Transport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n\r\n");
        assertThat(setup2).startsWith("RTSP/1.0 200 OK\r\n");

        String play = exchange("PLAY " + URL + "/ RTSP/1.0\r\nCSeq: 6\r\nSession: " + id + "\r\nRange: npt=0-\r\n\r\n");
        assertThat(play).startsWith("RTSP/1.0 200 OK\r\n");
        assertThat(header(play, "RTP-Info")).contains("url=" + URL + "/trackID=0;seq=", "url=" + URL + "/trackID=1;seq=");
        assertThat(stats.viewers.get()).isEqualTo(1);
        assertThat(keyframeRequests.get()).as("a new viewer asks for a keyframe").isEqualTo(1);

        String keepAlive = exchange("GET_PARAMETER " + URL + "/ RTSP/1.0\r\nCSeq: 7\r\nSession: " + id + "\r\n\r\n");
        assertThat(keepAlive).startsWith("RTSP/1.0 200 OK\r\n");

        String teardown = exchange("TEARDOWN " + URL + "/ RTSP/1.0\r\nCSeq: 8\r\nSession: " + id + "\r\n\r\n");
        assertThat(teardown).startsWith("RTSP/1.0 200 OK\r\n");
        assertThat(stats.viewers.get()).isZero();
    }

    /** SETUP of both tracks and PLAY; returns the session id. */
    private String setupAndPlay(String videoTransport, String audioTransport) {
        String setup = exchange("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: " + videoTransport + "\r\n\r\n");
        assertThat(setup).startsWith("RTSP/1.0 200 OK\r\n");
        String session = header(setup, "Session");
        String id = session.substring(0, session.indexOf(';'));
        assertThat(exchange("SETUP " + URL + "/trackID=1 RTSP/1.0\r\nCSeq: 2\r\nSession: " + id + "\r\nTransport: "
                + audioTransport + "\r\n\r\n")).startsWith("RTSP/1.0 200 OK\r\n");
        assertThat(exchange("PLAY " + URL + "/ RTSP/1.0\r\nCSeq: 3\r\nSession: " + id + "\r\n\r\n"))
                .startsWith("RTSP/1.0 200 OK\r\n");
        assertThat(stats.viewers.get()).isEqualTo(1);
        return id;
    }

    private static ByteBuf receiverReport() {
        return RtcpCodec.encode(ByteBufAllocator.DEFAULT, new ReceiverReport(0x1234, List.of()));
    }

    /** Runs the expiry as the server does every second, at {@code seconds}: nobody may go. */
    private void at(int seconds) {
        now.set(seconds * 1_000_000_000L);
        assertThat(sessions.expire()).as("sessions ended at %d s", seconds).isZero();
    }

    @Test
    void aTcpViewerKeptAliveByInterleavedRtcpIsDroppedAndItsConnectionClosedWhenItFallsSilent() {
        setupAndPlay("RTP/AVP/TCP;unicast;interleaved=0-1", "RTP/AVP/TCP;unicast;interleaved=2-3");
        for (int s = 5; s <= 60; s += 5) { // receiver reports only, as RFC 3550 allows a client every 5 s
            now.set(s * 1_000_000_000L);
            ByteBuf rr = receiverReport();
            ByteBuf frame = Unpooled.buffer().writeByte('$').writeByte(1).writeShort(rr.readableBytes()).writeBytes(rr);
            rr.release();
            ch.writeInbound(frame);
            at(s);
        }
        assertThat(stats.viewers.get()).isEqualTo(1);
        // the viewer's machine vanishes: no RTCP, no request, no FIN; the connection looks open
        now.set(81 * 1_000_000_000L);
        assertThat(sessions.expire()).isEqualTo(1);
        assertThat(stats.viewers.get()).isZero();
        assertThat(ch.isOpen()).as("its RTSP connection is closed with it").isFalse();
        assertThat(lines).containsExactly("viewer embedded dropped: no RTCP or request for 20 s");
    }

    @Test
    void aUdpViewerIsKeptAliveByRtcpFromItsPortsOrAnyRequestNamingItsSession() {
        udp.pipeline().addLast(rtcp);
        String id = setupAndPlay("RTP/AVP;unicast;client_port=40000-40001", "RTP/AVP;unicast;client_port=40002-40003");
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 6971);
        for (int s = 5; s <= 40; s += 5) { // audio RTCP from the viewer's audio RTCP port
            now.set(s * 1_000_000_000L);
            udp.writeInbound(new DatagramPacket(receiverReport(), server, new InetSocketAddress("127.0.0.1", 40003)));
            at(s);
        }
        for (int s = 50; s <= 80; s += 10) { // OPTIONS as a keep-alive (clients that do not use GET_PARAMETER)
            now.set(s * 1_000_000_000L);
            assertThat(exchange("OPTIONS " + URL + " RTSP/1.0\r\nCSeq: " + s + "\r\nSession: " + id + "\r\n\r\n"))
                    .startsWith("RTSP/1.0 200 OK\r\n");
            at(s);
        }
        for (int s = 85; s <= 105; s += 5) { // RTCP from another port of that host is someone else's
            now.set(s * 1_000_000_000L);
            udp.writeInbound(new DatagramPacket(receiverReport(), server, new InetSocketAddress("127.0.0.1", 40005)));
            assertThat(sessions.expire()).as("at %d s", s).isEqualTo(s == 105 ? 1 : 0);
        }
        assertThat(stats.viewers.get()).isZero();
        assertThat(lines).containsExactly("viewer embedded dropped: no RTCP or request for 20 s");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aPausedUdpViewerIsNotTimedBySendsThatFailedBeforeThePause() throws Exception {
        String id = setupAndPlay("RTP/AVP;unicast;client_port=40000-40001", "RTP/AVP;unicast;client_port=40002-40003");
        sessions.get(id).sendFailures.operationComplete(udp.newFailedFuture(new java.io.IOException("Network is unreachable")));
        assertThat(exchange("PAUSE " + URL + "/ RTSP/1.0\r\nCSeq: 4\r\nSession: " + id + "\r\n\r\n"))
                .startsWith("RTSP/1.0 200 OK\r\n");
        for (int s = 10; s <= 60; s += 10) { // keep-alives while paused
            now.set(s * 1_000_000_000L);
            exchange("GET_PARAMETER " + URL + "/ RTSP/1.0\r\nCSeq: " + s + "\r\nSession: " + id + "\r\n\r\n");
            at(s);
        }
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void aViewerWhoseConnectionFailsLeavesSayingHow() {
        setupAndPlay("RTP/AVP/TCP;unicast;interleaved=0-1", "RTP/AVP/TCP;unicast;interleaved=2-3");
        ch.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.viewers.get()).isZero();
        assertThat(stats.malformed.sum()).as("a connection failing is no malformed packet").isZero();
        assertThat(lines).containsExactly("viewer embedded left (RTSP connection failed: Connection reset by peer)");
    }

    @Test
    void aConnectionIdleForTwoTimeoutsIsClosedUnlessASessionLivesOnIt() {
        setupAndPlay("RTP/AVP;unicast;client_port=40000-40001", "RTP/AVP;unicast;client_port=40002-40003");
        ch.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(ch.isOpen()).as("a UDP viewer may keep its session alive by RTCP alone").isTrue();

        EmbeddedChannel describeOnly = ch;
        tearDown();
        build(null);
        exchange("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        ch.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(ch.isOpen()).as("no session on it").isFalse();
        assertThat(describeOnly.isOpen()).isFalse(); // closed by tearDown
    }

    @Test
    void udpSetupAnswersServerPorts() {
        String setup = exchange("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 1\r\n"
                + "Transport: RTP/AVP;unicast;client_port=40000-40001\r\n\r\n");
        assertThat(header(setup, "Transport"))
                .startsWith("RTP/AVP;unicast;client_port=40000-40001;server_port=6970-6971;ssrc=");
    }

    @Test
    void errorsHaveTheirRtspStatus() {
        assertThat(exchange("PLAY " + URL + " RTSP/1.0\r\nCSeq: 1\r\nSession: nosuch\r\n\r\n"))
                .startsWith("RTSP/1.0 454 Session Not Found\r\n");
        assertThat(exchange("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nTransport: RAW/RAW/UDP\r\n\r\n"))
                .startsWith("RTSP/1.0 461 Unsupported transport\r\n");
        assertThat(exchange("SETUP " + URL + "/trackID=9 RTSP/1.0\r\nCSeq: 3\r\n"
                + "Transport: RTP/AVP;unicast;client_port=1000-1001\r\n\r\n")).startsWith("RTSP/1.0 404 Not Found\r\n");
        assertThat(exchange("RECORD " + URL + " RTSP/1.0\r\nCSeq: 4\r\n\r\n")).startsWith("RTSP/1.0 405 Method Not Allowed\r\n");
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void requestWithoutCseqIs400AndCounted() {
        assertThat(exchange("OPTIONS " + URL + " RTSP/1.0\r\n\r\n")).startsWith("RTSP/1.0 400 Bad Request\r\n");
        assertThat(stats.malformed.sum()).isEqualTo(1);
    }

    @Test
    void randomBytesNeverThrowOutOfThePipeline() {
        Random rnd = new Random(42);
        for (int i = 0; i < 200 && ch.isOpen(); i++) {
            byte[] junk = new byte[rnd.nextInt(300)];
            rnd.nextBytes(junk);
            ch.writeInbound(Unpooled.wrappedBuffer(junk));
            Object o;
            while ((o = ch.readOutbound()) != null) {
                io.netty.util.ReferenceCountUtil.release(o);
            }
            ch.checkException();
        }
    }
}
