package org.glasscast.protocol.net;

import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Why a connection to a host could not be made, as the one line a user acts on: {@code unknown
 * host capture-pc}, {@code no route to 10.1.2.3}, {@code connection refused by 10.1.2.3:8554},
 * {@code timed out after 10 s connecting to 10.1.2.3:8554}. Made from whatever a connect or a send
 * threw (JDK, Netty NIO or epoll), so any retry loop can say why at its first failure and again
 * only when the reason changes ({@link #sameCauseAs}).
 *
 * @param cause  what went wrong, for a caller that acts on it
 * @param target the host (and port where it matters) the line names
 * @param detail the seconds allowed, for a time-out; otherwise the system's own words where they
 *               add something ("Temporary failure in name resolution"), or null
 */
public record ConnectFailure(Cause cause, String target, String detail) {
    /** What kept the connection from being made. */
    public enum Cause {
        /** The name does not resolve (or no name server answered). */
        UNKNOWN_HOST,
        /** No route to the network, or the host does not answer ARP (EHOSTUNREACH, ENETUNREACH). */
        NO_ROUTE,
        /** The host answered with a reset: nothing listens on that port. */
        REFUSED,
        /** Nothing came back within the time allowed: the host, or a firewall before it, drops the request. */
        TIMED_OUT,
        /** Anything else, named by the system's message. */
        OTHER
    }

    /**
     * The cause of {@code failure}, a connect (or send) to {@code host}:{@code port}.
     *
     * @param address        what {@code host} resolved to, or null (not looked up, or a literal address)
     * @param timeoutSeconds the time that was allowed, named when the failure is a time-out
     */
    public static ConnectFailure of(Throwable failure, String host, InetAddress address, int port, double timeoutSeconds) {
        String name = address == null || address.getHostAddress().equals(host) ? host
                : host + " (" + address.getHostAddress() + ")";
        String hostPort = hostPort(host, port) + (name.equals(host) ? "" : " (" + address.getHostAddress() + ")");
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new ConnectFailure(Cause.UNKNOWN_HOST, host, resolverReason(m));
            }
            // Netty's ConnectTimeoutException is a ConnectException: looked at before "refused"
            if (t instanceof SocketTimeoutException || t.getClass().getSimpleName().equals("ConnectTimeoutException")
                    || lower.contains("timed out")) {
                return timedOut(hostPort, timeoutSeconds);
            }
            if (t instanceof NoRouteToHostException || lower.contains("no route to host")
                    || lower.contains("network is unreachable") || lower.contains("host is unreachable")) {
                return new ConnectFailure(Cause.NO_ROUTE, name, null);
            }
            if (lower.contains("connection refused")) {
                return new ConnectFailure(Cause.REFUSED, hostPort, null);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return new ConnectFailure(Cause.OTHER, hostPort, m == null || m.isBlank() ? root.getClass().getSimpleName() : m);
    }

    /** Nothing came back from {@code target} (HOST:PORT, or "looking up HOST") within {@code timeoutSeconds}. */
    public static ConnectFailure timedOut(String target, double timeoutSeconds) {
        return new ConnectFailure(Cause.TIMED_OUT, target, seconds(timeoutSeconds));
    }

    /** A name lookup that took longer than {@code timeoutSeconds} (a name server that does not answer). */
    public static ConnectFailure lookupTimedOut(String host, double timeoutSeconds) {
        return new ConnectFailure(Cause.TIMED_OUT, "looking up " + host, seconds(timeoutSeconds));
    }

    /** The one line: what went wrong and to what. */
    public String message() {
        return switch (cause) {
            case UNKNOWN_HOST -> "unknown host " + target + (detail == null ? "" : " (" + detail + ")");
            case NO_ROUTE -> "no route to " + target;
            case REFUSED -> "connection refused by " + target;
            case TIMED_OUT -> "timed out after " + detail + " s "
                    + (target.startsWith("looking up ") ? target : "connecting to " + target);
            case OTHER -> "cannot connect to " + target + ": " + detail;
        };
    }

    /** Whether {@code other} is the same reason about the same target (the system's wording aside). */
    public boolean sameCauseAs(ConnectFailure other) {
        return other != null && cause == other.cause && target.equals(other.target);
    }

    @Override
    public String toString() {
        return message();
    }

    /** 10, 2.5, 0.25: seconds as a user typed them. */
    public static String seconds(double s) {
        if (s == Math.rint(s) && Math.abs(s) < 1e15) {
            return Long.toString((long) s);
        }
        return java.math.BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * What the resolver said beyond "no such name": glibc's "Temporary failure in name resolution"
     * means no name server answered, which a user fixes elsewhere than a typo. JDK messages are
     * {@code host: reason} on the first lookup and just {@code host} from its negative cache.
     */
    private static String resolverReason(String message) {
        int colon = message.indexOf(": ");
        if (colon < 0) {
            return null;
        }
        String reason = message.substring(colon + 2).trim();
        String lower = reason.toLowerCase(Locale.ROOT);
        if (reason.isEmpty() || lower.contains("name or service not known") || lower.contains("nodename nor servname")
                || lower.contains("no address associated")) {
            return null;
        }
        return reason;
    }
}
