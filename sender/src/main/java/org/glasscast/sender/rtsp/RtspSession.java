package org.glasscast.sender.rtsp;

import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Map;
import org.glasscast.protocol.rtsp.TransportHeader;
import org.glasscast.sender.stream.Subscription;
import org.glasscast.sender.stream.Track;

/** One RTSP session: the tracks a client set up, and its subscription once it plays. Event loop only. */
final class RtspSession {
    final String id;
    final Channel connection;
    final Map<Track, TransportHeader> transports = new EnumMap<>(Track.class);
    Subscription subscription;
    long lastActivityNanos;

    RtspSession(String id, Channel connection, long nowNanos) {
        this.id = id;
        this.connection = connection;
        this.lastActivityNanos = nowNanos;
    }
}
