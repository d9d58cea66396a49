package org.glasscast.sender.rtsp;

import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.glasscast.sender.stream.StreamPublisher;
import org.glasscast.sender.stream.Subscription;

/**
 * The server's RTSP sessions. A session lives until TEARDOWN, until its RTSP connection closes,
 * or until nothing (no request, no RTCP) is heard from it for {@link #TIMEOUT_SECONDS}.
 * Event loop only.
 */
final class SessionRegistry {
    static final int TIMEOUT_SECONDS = 60;
    /** Sessions at once; SETUP beyond it is refused (453 Not Enough Bandwidth). */
    static final int MAX_SESSIONS = 64;

    private final Map<String, RtspSession> sessions = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final StreamPublisher publisher;
    private final LongSupplier nanoTime;

    SessionRegistry(StreamPublisher publisher, LongSupplier nanoTime) {
        this.publisher = publisher;
        this.nanoTime = nanoTime;
    }

    /** A new session, or null when the server is full. */
    RtspSession create(Channel connection) {
        if (sessions.size() >= MAX_SESSIONS) {
            return null;
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        RtspSession s = new RtspSession(HexFormat.of().formatHex(id), connection, nanoTime.getAsLong());
        sessions.put(s.id, s);
        return s;
    }

    RtspSession get(String id) {
        RtspSession s = sessions.get(id);
        if (s != null) {
            s.lastActivityNanos = nanoTime.getAsLong();
        }
        return s;
    }

    void remove(RtspSession s) {
        sessions.remove(s.id);
        if (s.subscription != null) {
            publisher.unsubscribe(s.subscription);
            s.subscription = null;
        }
    }

    /** Ends the sessions of a closed RTSP connection. */
    void removeConnection(Channel connection) {
        for (RtspSession s : new ArrayList<>(sessions.values())) {
            if (s.connection == connection) {
                remove(s);
            }
        }
    }

    /** Marks the session of a subscription alive (its RTCP arrived). */
    void touch(Subscription subscription) {
        for (RtspSession s : sessions.values()) {
            if (s.subscription == subscription) {
                s.lastActivityNanos = nanoTime.getAsLong();
            }
        }
    }

    /** Marks the sessions of an RTSP connection alive (interleaved RTCP arrived on it). */
    void touchConnection(Channel connection) {
        for (RtspSession s : sessions.values()) {
            if (s.connection == connection) {
                s.lastActivityNanos = nanoTime.getAsLong();
            }
        }
    }

    /** Ends sessions not heard from within the timeout; returns how many. */
    int expire() {
        long now = nanoTime.getAsLong();
        List<RtspSession> dead = new ArrayList<>();
        for (RtspSession s : sessions.values()) {
            if (now - s.lastActivityNanos > TIMEOUT_SECONDS * 1_000_000_000L) {
                dead.add(s);
            }
        }
        dead.forEach(this::remove);
        return dead.size();
    }

    int size() {
        return sessions.size();
    }
}
