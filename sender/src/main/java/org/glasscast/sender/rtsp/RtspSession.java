package org.glasscast.sender.rtsp;

import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Map;
import org.glasscast.protocol.rtsp.TransportHeader;
import org.glasscast.sender.stream.SendFailures;
import org.glasscast.sender.stream.Subscription;
import org.glasscast.sender.stream.Track;

/** One RTSP session: the tracks a client set up, and its subscription once it plays. Event loop only. */
final class RtspSession {
    final String id;
    final Channel connection;
    /** How log lines name it: {@code viewer 10.0.0.7:41234} (the client's end of the RTSP connection). */
    final String name;
    final Map<Track, TransportHeader> transports = new EnumMap<>(Track.class);
    Subscription subscription;
    /** The outcome of its UDP sends while it plays over UDP; null otherwise. */
    SendFailures sendFailures;
    /** Whether it ever played: only then is its end a viewer leaving, logged as such. */
    boolean played;
    long lastActivityNanos;

    RtspSession(String id, Channel connection, long nowNanos) {
        this.id = id;
        this.connection = connection;
        this.name = "viewer " + hostPort(connection);
        this.lastActivityNanos = nowNanos;
    }

    /** {@code 10.0.0.7:41234} or {@code [::1]:41234}, without the slash of InetSocketAddress's toString. */
    static String hostPort(Channel connection) {
        if (!(connection.remoteAddress() instanceof java.net.InetSocketAddress a)) {
            return String.valueOf(connection.remoteAddress());
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
