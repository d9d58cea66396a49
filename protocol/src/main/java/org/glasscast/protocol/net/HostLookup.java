package org.glasscast.protocol.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A name lookup that gives up in time. The system resolver blocks for as long as its own retries
 * take (glibc: 5 s a name server, twice over, per server), so the lookup runs on a daemon thread
 * and the caller waits only as long as it allows; an abandoned lookup ends on its own.
 */
public final class HostLookup {
    private HostLookup() {
    }

    /**
     * The address of {@code host} (a name or a literal address).
     *
     * @throws UnknownHostException when the name does not resolve
     * @throws TimeoutException     when no answer came within {@code timeoutNanos}
     */
    public static InetAddress resolve(String host, long timeoutNanos)
            throws UnknownHostException, TimeoutException, InterruptedException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isLiteral(bare)) {
            return InetAddress.getByName(bare); // parsed, never looked up
        }
        CompletableFuture<InetAddress> answer = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                answer.complete(InetAddress.getByName(bare));
            } catch (UnknownHostException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, "gc-lookup");
        t.setDaemon(true);
        t.start();
        try {
            return answer.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /** An IPv4 dotted quad or an IPv6 address: what InetAddress parses without asking a resolver. */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
