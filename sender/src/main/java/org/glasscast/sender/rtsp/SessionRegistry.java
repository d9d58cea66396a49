package org.glasscast.sender.rtsp;

import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.glasscast.sender.stream.StreamPublisher;
import org.glasscast.sender.stream.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's RTSP sessions. A session lives until TEARDOWN, until its RTSP connection closes,
 * until nothing (no request, no RTCP) is heard from it for {@link #TIMEOUT_SECONDS} (the timeout
 * announced in its Session header, RFC 2326 §12.37), or until every datagram to it has failed for
 * as long. Each viewer that goes is logged in one line saying why; a session ended here (not by
 * its client) also closes its RTSP connection when that carries no other session, so a client
 * whose machine vanished (no FIN) does not hold a connection either. Event loop only.
 */
final class SessionRegistry {
    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    /**
     * 20 s: ffmpeg and our viewer send a keep-alive request at half the announced timeout,
     * GStreamer 5 s before it, and RFC 3550 §6.2 lets a client send RTCP as rarely as every 5 s.
     */
    static final int TIMEOUT_SECONDS = 20;
    /** How often {@link #expire()} runs: a silent viewer is gone within the timeout and this. */
    static final int EXPIRE_PERIOD_SECONDS = 1;
    /** Sessions at once; SETUP beyond it is refused (453 Not Enough Bandwidth). */
    static final int MAX_SESSIONS = 64;
    private static final long TIMEOUT_NANOS = TIMEOUT_SECONDS * 1_000_000_000L;

    private final Map<String, RtspSession> sessions = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final StreamPublisher publisher;
    private final LongSupplier nanoTime;
    private final Consumer<String> say;
    /** Set when the server stops: its viewers are not leaving, it is (any thread). */
    private volatile boolean closing;

    SessionRegistry(StreamPublisher publisher, LongSupplier nanoTime) {
        this(publisher, nanoTime, log::info);
    }

    /** @param say takes each viewer's leaving line (the log's INFO) */
    SessionRegistry(StreamPublisher publisher, LongSupplier nanoTime, Consumer<String> say) {
        this.publisher = publisher;
        this.nanoTime = nanoTime;
        this.say = say;
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

    /** The session, marked alive (a request named it); null when there is none by that id. */
    RtspSession get(String id) {
        RtspSession s = sessions.get(id);
        if (s != null) {
            s.lastActivityNanos = nanoTime.getAsLong();
        }
        return s;
    }

    /** The clock sessions are timed by. */
    long nowNanos() {
        return nanoTime.getAsLong();
    }

    /** Ends a session its client ended ({@code why}: "TEARDOWN"). */
    void remove(RtspSession s, String why) {
        end(s, s.name + " left (" + why + ")");
    }

    private void end(RtspSession s, String line) {
        if (sessions.remove(s.id) == null) {
            return;
        }
        if (s.subscription != null) {
            publisher.unsubscribe(s.subscription);
            s.subscription = null;
        }
        if (s.played && !closing) {
            say.accept(line);
        } else {
            log.debug("{} (it never played, or the server stops)", line);
        }
    }

    /** The server is stopping: the sessions its closing connections end are not logged as viewers leaving. */
    void closing() {
        closing = true;
    }

    /** Ends the sessions of a closed RTSP connection ({@code why}: "RTSP connection closed"). */
    void removeConnection(Channel connection, String why) {
        for (RtspSession s : new ArrayList<>(sessions.values())) {
            if (s.connection == connection) {
                remove(s, why);
            }
        }
    }

    /** Whether a session lives on this RTSP connection (then its own time-out, not the connection's, ends it). */
    boolean hasSessionOn(Channel connection) {
        for (RtspSession s : sessions.values()) {
            if (s.connection == connection) {
                return true;
            }
        }
        return false;
    }

    /** Marks the session of a subscription alive (its RTCP arrived). */
    void touch(Subscription subscription) {
        for (RtspSession s : sessions.values()) {
            if (s.subscription == subscription) {
                s.lastActivityNanos = nanoTime.getAsLong();
            }
        }
    }

    /**
     * The subscription whose RTCP comes interleaved on {@code channel} of {@code connection}: the
     * session of that connection that set a track up with that channel; null if none did.
     */
    Subscription subscriptionOf(Channel connection, int channel) {
        for (RtspSession s : sessions.values()) {
            if (s.connection == connection && s.subscription != null
                    && s.transports.values().stream().anyMatch(t -> t.interleaved() && t.rtcpPort() == channel)) {
                return s.subscription;
            }
        }
        return null;
    }

    /** Marks the sessions of an RTSP connection alive (interleaved RTCP arrived on it). */
    void touchConnection(Channel connection) {
        for (RtspSession s : sessions.values()) {
            if (s.connection == connection) {
                s.lastActivityNanos = nanoTime.getAsLong();
            }
        }
    }

    /**
     * Ends the sessions not heard from within the timeout, and those every send to has failed for
     * as long; closes their connections where no other session remains. Returns how many ended.
     */
    int expire() {
        long now = nanoTime.getAsLong();
        Map<RtspSession, String> dead = new java.util.LinkedHashMap<>();
        for (RtspSession s : sessions.values()) {
            if (now - s.lastActivityNanos > TIMEOUT_NANOS) {
                dead.put(s, s.name + " dropped: no RTCP or request for " + TIMEOUT_SECONDS + " s");
            } else if (s.sendFailures != null && s.sendFailures.failingForNanos() > TIMEOUT_NANOS) {
                dead.put(s, s.name + " dropped: sends failing for " + TIMEOUT_SECONDS + " s ("
                        + s.sendFailures.cause() + ")");
            }
        }
        List<Channel> connections = new ArrayList<>();
        dead.forEach((s, line) -> {
            end(s, line);
            connections.add(s.connection);
        });
        for (Channel c : connections) {
            if (c.isOpen() && !hasSessionOn(c)) {
                c.close();
            }
        }
        return dead.size();
    }

    int size() {
        return sessions.size();
    }
}
