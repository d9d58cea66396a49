package org.glasscast.sender.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.SenderStats;
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
        SessionRegistry sessions = new SessionRegistry(publisher, now::get);

        RtspSession quiet = sessions.create(ch);
        RtspSession keptAliveByRequests = sessions.create(ch);
        RtspSession keptAliveByRtcp = sessions.create(ch);
        keptAliveByRtcp.subscription = new Subscription("rtcp", Subscription.Kind.RTSP_VIEWER, new UdpSink(ch, ch));
        publisher.subscribe(keptAliveByRtcp.subscription);
        assertThat(stats.viewers.get()).isEqualTo(1);

        for (int s = 0; s < 70; s += 10) {
            now.set(s * SECOND);
            sessions.get(keptAliveByRequests.id);     // GET_PARAMETER every 10 s
            sessions.touch(keptAliveByRtcp.subscription); // receiver reports
            assertThat(sessions.expire()).isZero();
        }
        now.set(SessionRegistry.TIMEOUT_SECONDS * SECOND + 1);
        assertThat(sessions.expire()).isEqualTo(1);
        assertThat(sessions.get(quiet.id)).isNull();
        assertThat(sessions.size()).isEqualTo(2);

        now.addAndGet(SessionRegistry.TIMEOUT_SECONDS * SECOND * 2);
        assertThat(sessions.expire()).isEqualTo(2);
        assertThat(stats.viewers.get()).as("an expired session stops receiving").isZero();
        ch.finishAndReleaseAll();
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

        sessions.remove(session); // TEARDOWN
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
