package org.glasscast.sender.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.glasscast.protocol.netty.IoTransport;
import org.junit.jupiter.api.Test;

/** One viewer that cannot be sent to, among others on the same UDP socket. */
class SendFailuresTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aViewerThatCannotBeSentToIsCountedAndSaidOnceWhileTheOtherOnTheSameSocketGetsEveryPacket() throws Exception {
        EventLoopGroup group = IoTransport.group(1, new DefaultThreadFactory("test-net", true));
        AtomicInteger reachedPipeline = new AtomicInteger();
        Channel socket = new Bootstrap().group(group).channel(IoTransport.datagramChannel())
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        reachedPipeline.incrementAndGet();
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        try (DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            viewer.setSoTimeout(5000);
            viewer.setReceiveBufferSize(1 << 20);
            AtomicLong now = new AtomicLong();
            LongAdder failedPackets = new LongAdder();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            InetAddress loopback = InetAddress.getLoopbackAddress();
            SendFailures good = new SendFailures("viewer good", loopback, failedPackets, now::get, lines::add);
            SendFailures bad = new SendFailures("viewer bad", loopback, failedPackets, now::get, lines::add);
            InetSocketAddress to = (InetSocketAddress) viewer.getLocalSocketAddress();
            // port 0: the system refuses every datagram (EINVAL) before anything leaves, as it would with no route
            InetSocketAddress nowhere = new InetSocketAddress(loopback, 0);
            UdpSink goodSink = new UdpSink(socket, socket, good).addTrack(Track.VIDEO, to, to);
            UdpSink badSink = new UdpSink(socket, socket, bad).addTrack(Track.VIDEO, nowhere, nowhere);

            int packets = 300;
            socket.eventLoop().submit(() -> {
                for (int i = 0; i < packets; i++) {
                    ByteBuf p = Unpooled.buffer(4).writeInt(i);
                    badSink.sendRtp(Track.VIDEO, p.retainedDuplicate());
                    goodSink.sendRtp(Track.VIDEO, p);
                    if (i % 10 == 9) {
                        badSink.flush();
                        goodSink.flush();
                    }
                }
                badSink.sendRtcp(Track.VIDEO, Unpooled.buffer(4).writeInt(-1));
            }).sync();
            socket.eventLoop().submit(() -> { }).sync(); // the flushes' outcomes are in

            byte[] buf = new byte[16];
            for (int i = 0; i < packets; i++) {
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                viewer.receive(d);
                assertThat(java.nio.ByteBuffer.wrap(buf, 0, d.getLength()).getInt()).as("packet %d", i).isEqualTo(i);
            }
            now.set(5 * SECOND);
            socket.eventLoop().submit(() -> {
                assertThat(bad.failed()).as("every RTP and RTCP packet to it").isEqualTo(packets + 1);
                assertThat(good.failed()).isZero();
                assertThat(bad.failingForNanos()).isEqualTo(5 * SECOND);
                assertThat(good.failingForNanos()).isZero();
            }).sync();
            assertThat(failedPackets.sum()).isEqualTo(packets + 1);
            assertThat(lines).as("301 failures, one line").hasSize(1)
                    .allSatisfy(l -> assertThat(l).startsWith("viewer bad: cannot send to it: ")
                            .endsWith(" (its packets are dropped and counted)").doesNotContain("(..)", "error("));
            assertThat(reachedPipeline.get()).as("nothing left to be logged by the pipeline").isZero();
        } finally {
            socket.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void eachCauseIsSaidOnceAndASuccessfulSendEndsTheFailingTime() {
        EmbeddedChannel ch = new EmbeddedChannel();
        AtomicLong now = new AtomicLong();
        List<String> lines = new ArrayList<>();
        SendFailures f = new SendFailures("viewer 10.0.0.7:41234", address("10.0.0.7"), new LongAdder(), now::get,
                lines::add);
        ChannelFuture noRoute = ch.newFailedFuture(new NoRouteToHostException("No route to host"));
        // Netty epoll's words for EPERM (a firewall on this machine), from a single and a batched send
        ChannelFuture refusedHere = ch.newFailedFuture(new IOException("sendToAddress(..) failed: Operation not permitted"));
        ChannelFuture refusedInBatch = ch.newFailedFuture(
                new IOException("sendmmsg(..) failed with error(-1): Operation not permitted"));
        assertThat(f.cause()).isNull();
        for (int i = 0; i < 100; i++) {
            now.set(i * SECOND / 10);
            f.operationComplete(i < 50 ? noRoute : i % 2 == 0 ? refusedHere : refusedInBatch);
        }
        assertThat(f.failingForNanos()).isEqualTo(99 * SECOND / 10);
        f.operationComplete(ch.newSucceededFuture());
        assertThat(f.failingForNanos()).as("sends go out again").isZero();
        now.set(20 * SECOND);
        f.operationComplete(noRoute);
        now.set(21 * SECOND);
        assertThat(f.failingForNanos()).as("timed from the first failure after the last success").isEqualTo(SECOND);
        assertThat(f.failed()).isEqualTo(101);
        assertThat(f.cause()).isEqualTo("no route to 10.0.0.7");
        assertThat(lines).containsExactly(
                "viewer 10.0.0.7:41234: cannot send to it: no route to 10.0.0.7 (its packets are dropped and counted)",
                "viewer 10.0.0.7:41234: cannot send to it: Operation not permitted (its packets are dropped and counted)");
        ch.finishAndReleaseAll();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
