package org.glasscast.sender.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.SenderStats;
import org.glasscast.sender.stream.SendFailures;
import org.glasscast.sender.stream.StreamPublisher;
import org.glasscast.sender.stream.Subscription;
import org.glasscast.sender.stream.UdpSink;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void sessionsExpireWithoutRequestsOrRtcpAndKeepAliveWithThem() {
        EmbeddedChannel ch = new EmbeddedChannel();
        SenderStats stats = new SenderStats();
        StreamPublisher publisher = new StreamPublisher(ch.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, () -> { }, stats);
        AtomicLong now = new AtomicLong(0);
        List<String> lines = new ArrayList<>();
        SessionRegistry sessions = new SessionRegistry(publisher, now::get, lines::add);

        RtspSession quiet = sessions.create(ch);
        RtspSession keptAliveByRequests = sessions.create(ch);
        RtspSession keptAliveByRtcp = sessions.create(ch);
        play(publisher, keptAliveByRtcp, ch);
        assertThat(stats.viewers.get()).isEqualTo(1);

        // ffmpeg's keep-alive comes at half the announced 20 s; RFC 3550 lets RTCP come every 5 s
        for (int s = 0; s <= 60; s += 5) {
            now.set(s * SECOND);
            if (s % 10 == 0) {
                sessions.get(keptAliveByRequests.id);
            }
            sessions.touch(keptAliveByRtcp.subscription);
            assertThat(sessions.expire()).as("at %d s", s).isEqualTo(s == 25 ? 1 : 0);
        }
        assertThat(sessions.get(quiet.id)).as("silent since 0 s").isNull();
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(lines).as("it never played: no viewer left").isEmpty();
        assertThat(ch.isOpen()).as("other sessions live on its connection").isTrue();

        now.addAndGet(SessionRegistry.TIMEOUT_SECONDS * SECOND + 1);
        assertThat(sessions.expire()).isEqualTo(2);
        assertThat(stats.viewers.get()).as("an expired session stops receiving").isZero();
        assertThat(lines).containsExactly("viewer embedded dropped: no RTCP or request for 20 s");
        assertThat(ch.isOpen()).as("no session is left on the connection: closed (a vanished client sends no FIN)")
                .isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aViewerIsDroppedWithinTheTimeoutAndTheExpiryPeriod() {
        EmbeddedChannel ch = new EmbeddedChannel();
        StreamPublisher publisher = new StreamPublisher(ch.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, () -> { }, new SenderStats());
        AtomicLong now = new AtomicLong(0);
        SessionRegistry sessions = new SessionRegistry(publisher, now::get, line -> { });
        play(publisher, sessions.create(ch), ch);
        long step = SessionRegistry.EXPIRE_PERIOD_SECONDS * SECOND;
        int ticks = 0;
        while (sessions.expire() == 0) {
            ticks++;
            now.addAndGet(step);
        }
        assertThat((long) ticks * step).as("silent this long when dropped, run as the server runs expire()")
                .isGreaterThanOrEqualTo(SessionRegistry.TIMEOUT_SECONDS * SECOND)
                .isLessThanOrEqualTo(25 * SECOND - step);
        ch.finishAndReleaseAll();
    }

    @Test
    void aViewerEveryDatagramToWhichFailsIsDroppedAfterTheTimeoutEvenWhileItsRtcpArrives() {
        EmbeddedChannel ch = new EmbeddedChannel();
        SenderStats stats = new SenderStats();
        StreamPublisher publisher = new StreamPublisher(ch.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, () -> { }, stats);
        AtomicLong now = new AtomicLong(0);
        List<String> lines = new ArrayList<>();
        SessionRegistry sessions = new SessionRegistry(publisher, now::get, lines::add);
        RtspSession failing = sessions.create(ch);
        failing.sendFailures = new SendFailures(failing.name, InetAddress.getLoopbackAddress(), stats.packetsSendFailed,
                now::get, lines::add);
        play(publisher, failing, ch);
        RtspSession flaky = sessions.create(ch);
        flaky.sendFailures = new SendFailures(flaky.name, InetAddress.getLoopbackAddress(), stats.packetsSendFailed,
                now::get, line -> { });
        play(publisher, flaky, ch);

        ChannelFuture noRoute = ch.newFailedFuture(new java.net.NoRouteToHostException("No route to host"));
        for (int s = 0; s <= 30; s++) {
            now.set(s * SECOND);
            failing.sendFailures.operationComplete(noRoute);
            flaky.sendFailures.operationComplete(s % 2 == 0 ? noRoute : ch.newSucceededFuture()); // some go out
            sessions.touch(failing.subscription);
            sessions.touch(flaky.subscription);
            assertThat(sessions.expire()).as("at %d s", s).isEqualTo(s == 21 ? 1 : 0);
        }
        assertThat(sessions.get(failing.id)).isNull();
        assertThat(sessions.get(flaky.id)).isNotNull();
        assertThat(stats.packetsSendFailed.sum()).isEqualTo(31 + 16);
        assertThat(lines).containsExactly(
                "viewer embedded: cannot send to it: no route to 127.0.0.1 (its packets are dropped and counted)",
                "viewer embedded dropped: sends failing for 20 s (no route to 127.0.0.1)");
        ch.finishAndReleaseAll();
    }

    @Test
    void aViewerThatLeavesSaysHowInOneLine() {
        EmbeddedChannel ch = new EmbeddedChannel();
        EmbeddedChannel other = new EmbeddedChannel();
        StreamPublisher publisher = new StreamPublisher(ch.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, () -> { }, new SenderStats());
        List<String> lines = new ArrayList<>();
        SessionRegistry sessions = new SessionRegistry(publisher, System::nanoTime, lines::add);
        RtspSession torn = sessions.create(ch);
        play(publisher, torn, ch);
        play(publisher, sessions.create(other), other);
        sessions.remove(torn, "TEARDOWN");
        sessions.remove(torn, "TEARDOWN"); // a second TEARDOWN of the same session says nothing more
        sessions.removeConnection(other, "RTSP connection closed");
        assertThat(lines).containsExactly("viewer embedded left (TEARDOWN)",
                "viewer embedded left (RTSP connection closed)");
        assertThat(sessions.size()).isZero();

        play(publisher, sessions.create(other), other);
        sessions.closing(); // the sender stops: its connections close, no viewer is leaving
        sessions.removeConnection(other, "RTSP connection closed");
        assertThat(sessions.size()).isZero();
        assertThat(lines).hasSize(2);
        ch.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    private static void play(StreamPublisher publisher, RtspSession session, EmbeddedChannel ch) {
        session.subscription = new Subscription(session.name, Subscription.Kind.RTSP_VIEWER, new UdpSink(ch, ch));
        session.played = true;
        publisher.subscribe(session.subscription);
    }

    @Test
    void interleavedRtcpReachesTheSessionThatSetItsChannelUp() {
        EmbeddedChannel one = new EmbeddedChannel();
        EmbeddedChannel two = new EmbeddedChannel();
        SenderStats stats = new SenderStats();
        StreamPublisher publisher = new StreamPublisher(one.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, () -> { }, stats);
        SessionRegistry sessions = new SessionRegistry(publisher, System::nanoTime);
        RtspSession a = sessions.create(one);
        a.transports.put(org.glasscast.sender.stream.Track.VIDEO, org.glasscast.protocol.rtsp.TransportHeader.tcp(0, 1));
        a.transports.put(org.glasscast.sender.stream.Track.AUDIO, org.glasscast.protocol.rtsp.TransportHeader.tcp(2, 3));
        play(publisher, a, one);
        RtspSession b = sessions.create(two); // another viewer on another connection, the same channels
        b.transports.put(org.glasscast.sender.stream.Track.VIDEO, org.glasscast.protocol.rtsp.TransportHeader.tcp(0, 1));
        play(publisher, b, two);
        assertThat(sessions.subscriptionOf(one, 1)).isSameAs(a.subscription);
        assertThat(sessions.subscriptionOf(one, 3)).isSameAs(a.subscription);
        assertThat(sessions.subscriptionOf(two, 1)).isSameAs(b.subscription);
        assertThat(sessions.subscriptionOf(two, 3)).as("a channel nobody set up").isNull();
        assertThat(sessions.subscriptionOf(one, 0)).as("an RTP channel is no RTCP channel").isNull();
    }

    @Test
    void aPushDestinationIsNoViewer() {
        EmbeddedChannel ch = new EmbeddedChannel();
        SenderStats stats = new SenderStats();
        StreamPublisher publisher = new StreamPublisher(ch.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, () -> { }, stats);
        SessionRegistry sessions = new SessionRegistry(publisher, System::nanoTime);
        publisher.subscribe(new Subscription("push 127.0.0.1:5004", Subscription.Kind.PUSH, new UdpSink(ch, ch)));
        assertThat(stats.viewers.get()).as("nobody asked for the stream").isZero();
        assertThat(stats.pushDestinations.get()).isEqualTo(1);

        RtspSession session = sessions.create(ch);
        session.subscription = new Subscription("viewer", Subscription.Kind.RTSP_VIEWER, new UdpSink(ch, ch));
        publisher.subscribe(session.subscription);
        assertThat(stats.viewers.get()).isEqualTo(1);
        assertThat(stats.pushDestinations.get()).isEqualTo(1);

        sessions.remove(session, "TEARDOWN");
        assertThat(stats.viewers.get()).isZero();
        assertThat(stats.pushDestinations.get()).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesSessionsBeyondTheLimit() {
        EmbeddedChannel ch = new EmbeddedChannel();
        StreamPublisher publisher = new StreamPublisher(ch.eventLoop(), MediaClock.system(), ByteBufAllocator.DEFAULT,
                1200, () -> { }, new SenderStats());
        SessionRegistry sessions = new SessionRegistry(publisher, System::nanoTime);
        for (int i = 0; i < SessionRegistry.MAX_SESSIONS; i++) {
            assertThat(sessions.create(ch)).isNotNull();
        }
        assertThat(sessions.create(ch)).isNull();
        ch.finishAndReleaseAll();
    }
}
