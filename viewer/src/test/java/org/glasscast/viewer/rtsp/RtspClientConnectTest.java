package org.glasscast.viewer.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.net.ConnectFailure;
import org.glasscast.protocol.netty.IoTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the connect loop tells: the cause at the first failure, once while it does not change, and in the end. */
class RtspClientConnectTest {
    private final EventLoopGroup group = IoTransport.group(1, new DefaultThreadFactory("test-net", true));

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aRefusalIsToldOnceThenEndsTheTry() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        List<ConnectFailure> told = new ArrayList<>();
        Throwable end = catchThrowable(() -> RtspClient.connect(group, URI.create("rtsp://127.0.0.1:" + port + "/live"),
                4, 30, told::add, frame -> frame.release(), () -> { }));
        assertThat(told).as("told at the first failure, not again for the same cause")
                .extracting(ConnectFailure::message).containsExactly("connection refused by 127.0.0.1:" + port);
        assertThat(end).isInstanceOf(RtspClientException.class)
                .hasMessageStartingWith("connection refused by 127.0.0.1:" + port + "; 4 attempts in ");
    }

    /** A single try that fails is told once, by the exception: nothing is retried, so nothing is told before. */
    @Test
    void oneAttemptIsToldOnlyAtTheEnd() {
        List<ConnectFailure> told = new ArrayList<>();
        Throwable end = catchThrowable(() -> RtspClient.connect(group, URI.create("rtsp://127.0.0.1:1/live"),
                1, 30, told::add, frame -> frame.release(), () -> { }));
        assertThat(told).isEmpty();
        assertThat(end).isInstanceOf(RtspClientException.class).hasMessage("connection refused by 127.0.0.1:1");
        assertThat(((RtspClientException) end).connectFailure().cause()).isEqualTo(ConnectFailure.Cause.REFUSED);
    }
}
