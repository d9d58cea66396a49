package org.glasscast.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.ExecutionException;
import org.glasscast.protocol.net.ConnectFailure.Cause;
import org.junit.jupiter.api.Test;

/** The one line each way a connection fails is named by, from the exceptions the JDK and Netty throw. */
class ConnectFailureTest {
    /** A real refusal: a loopback port nothing listens on. */
    @Test
    void refusedNamesHostAndPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IOException thrown = null;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            thrown = e;
        }
        assertThat(thrown).isInstanceOf(ConnectException.class);
        ConnectFailure f = ConnectFailure.of(thrown, "127.0.0.1", null, port, 10);
        assertThat(f.cause()).isEqualTo(Cause.REFUSED);
        assertThat(f.message()).isEqualTo("connection refused by 127.0.0.1:" + port);
    }

    /** As the JDK words it on the first lookup, and as its negative cache does on the next: the same cause. */
    @Test
    void unknownHostIsNamedWithoutTheResolversStockPhrase() {
        ConnectFailure first = ConnectFailure.of(new UnknownHostException("capture-pc: Name or service not known"),
                "capture-pc", null, 8554, 10);
        ConnectFailure cached = ConnectFailure.of(new UnknownHostException("capture-pc"), "capture-pc", null, 8554, 10);
        assertThat(first.message()).isEqualTo("unknown host capture-pc");
        assertThat(cached.message()).isEqualTo("unknown host capture-pc");
        assertThat(first.sameCauseAs(cached)).isTrue();
        // Netty's NIO transport handed an unresolved address
        assertThat(ConnectFailure.of(new UnresolvedAddressException(), "capture-pc", null, 8554, 10).message())
                .isEqualTo("unknown host capture-pc");
    }

    /** No name server answered: not a typo, so the resolver's words are kept. */
    @Test
    void unknownHostKeepsANameServerFailure() {
        ConnectFailure f = ConnectFailure.of(
                new UnknownHostException("capture-pc: Temporary failure in name resolution"), "capture-pc", null, 554, 10);
        assertThat(f.message()).isEqualTo("unknown host capture-pc (Temporary failure in name resolution)");
        assertThat(f.sameCauseAs(ConnectFailure.of(new UnknownHostException("capture-pc"), "capture-pc", null, 554, 10)))
                .isTrue();
    }

    /** EHOSTUNREACH (no ARP answer), ENETUNREACH (no route at all) from the JDK and from Netty's epoll sends. */
    @Test
    void noRouteNamesTheAddress() throws Exception {
        InetAddress resolved = InetAddress.getByName("10.213.9.2"); // a literal: no lookup
        assertThat(ConnectFailure.of(new NoRouteToHostException("No route to host"), "10.213.9.2", null, 8554, 10)
                .message()).isEqualTo("no route to 10.213.9.2");
        assertThat(ConnectFailure.of(new IOException("sendToAddress(..) failed with error(-101): Network is unreachable"),
                "10.213.9.2", null, 5004, 10).message()).isEqualTo("no route to 10.213.9.2");
        assertThat(ConnectFailure.of(new NoRouteToHostException(), "capture-pc", resolved, 8554, 10).message())
                .isEqualTo("no route to capture-pc (10.213.9.2)");
    }

    /** Netty's connect time-out is a ConnectException too: it must not read as "refused". */
    @Test
    void timeOutSaysHowLong() throws Exception {
        Throwable netty = new ExecutionException(
                new ConnectTimeoutException("connection timed out after 2500 ms: /10.213.9.2:8554"));
        ConnectFailure f = ConnectFailure.of(netty, "10.213.9.2", null, 8554, 2.5);
        assertThat(f.cause()).isEqualTo(Cause.TIMED_OUT);
        assertThat(f.message()).isEqualTo("timed out after 2.5 s connecting to 10.213.9.2:8554");
        assertThat(ConnectFailure.of(new ConnectException("Connection timed out"), "h.example",
                InetAddress.getByName("10.213.9.2"), 554, 10).message())
                .isEqualTo("timed out after 10 s connecting to h.example:554 (10.213.9.2)");
        assertThat(ConnectFailure.lookupTimedOut("capture-pc", 10).message())
                .isEqualTo("timed out after 10 s looking up capture-pc");
    }

    /** Anything else keeps the system's message and names the target. */
    @Test
    void otherFailuresKeepTheSystemsWords() {
        ConnectFailure f = ConnectFailure.of(new IOException("wrapper", new java.net.SocketException("Operation not permitted")),
                "10.213.9.2", null, 8554, 10);
        assertThat(f.cause()).isEqualTo(Cause.OTHER);
        assertThat(f.message()).isEqualTo("cannot connect to 10.213.9.2:8554: Operation not permitted");
        assertThat(f.sameCauseAs(ConnectFailure.of(new ConnectException("Connection refused"), "10.213.9.2", null, 8554, 10)))
                .isFalse();
    }

    @Test
    void secondsReadAsTyped() {
        assertThat(ConnectFailure.seconds(10)).isEqualTo("10");
        assertThat(ConnectFailure.seconds(2.5)).isEqualTo("2.5");
        assertThat(ConnectFailure.seconds(0.25)).isEqualTo("0.25");
    }
}
