package org.glasscast.sender.stream;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.glasscast.protocol.net.ConnectFailure;

/**
 * The datagrams to one viewer that cannot be sent (no route to it, a firewall on this machine
 * answering EPERM): each is counted and dropped, the cause is said in one line the first time it
 * happens (a viewer whose every packet fails would otherwise cost a line per packet), and how
 * long nothing has gone out tells the session registry when to give the viewer up. The other
 * viewers sharing the socket are not affected: a datagram channel goes on with the next packet.
 * Listens to each send's future; event loop only.
 */
public final class SendFailures implements ChannelFutureListener {
    /** Distinct causes said per viewer; beyond them the rest is only counted. */
    private static final int MAX_CAUSES_SAID = 4;
    /** {@code sendToAddress(..) failed: } or {@code sendmmsg(..) failed with error(-1): }. */
    private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

    private final String viewer;
    private final InetAddress to;
    private final LongAdder failedPackets;
    private final LongSupplier nanoTime;
    private final Consumer<String> say;
    private final List<String> said = new ArrayList<>(MAX_CAUSES_SAID);
    private boolean failing;
    private long failingSinceNanos;
    private String cause;
    private long failed;

    /**
     * @param viewer        how the line names the viewer ({@code viewer 10.0.0.7:41234})
     * @param to            the viewer's address, which a "no route" line names
     * @param failedPackets where every failed send is counted (all viewers alike)
     * @param say           takes the one line per cause
     */
    public SendFailures(String viewer, InetAddress to, LongAdder failedPackets, LongSupplier nanoTime,
                        Consumer<String> say) {
        this.viewer = viewer;
        this.to = to;
        this.failedPackets = failedPackets;
        this.nanoTime = nanoTime;
        this.say = say;
    }

    @Override
    public void operationComplete(ChannelFuture f) {
        if (f.isSuccess()) {
            failing = false;
        } else {
            failed(f.cause());
        }
    }

    private void failed(Throwable why) {
        failed++;
        failedPackets.increment();
        if (!failing) {
            failing = true;
            failingSinceNanos = nanoTime.getAsLong();
        }
        cause = describe(why, to);
        if (said.size() < MAX_CAUSES_SAID && !said.contains(cause)) {
            said.add(cause);
            say.accept(viewer + ": cannot send to it: " + cause + " (its packets are dropped and counted)");
        }
    }

    /** How long every send to this viewer has failed, in ns; 0 while they go out (or none was tried). */
    public long failingForNanos() {
        return failing ? nanoTime.getAsLong() - failingSinceNanos : 0;
    }

    /** The latest failure's cause ({@code no route to 10.0.0.7}), or null when none failed. */
    public String cause() {
        return cause;
    }

    /** Sends to this viewer that failed. */
    public long failed() {
        return failed;
    }

    /**
     * {@code no route to 10.0.0.7}, or the system's own words ({@code Operation not permitted})
     * without the native call Netty's epoll transport puts before them, which differs between its
     * single and batched sends ({@code sendmmsg(..) failed with error(-22): Invalid argument}).
     */
    public static String describe(Throwable why, InetAddress to) {
        ConnectFailure f = ConnectFailure.of(why, to.getHostAddress(), null, 0, 0);
        if (f.cause() != ConnectFailure.Cause.OTHER || f.detail() == null) {
            return f.message();
        }
        return NATIVE_CALL.matcher(f.detail()).replaceFirst("");
    }
}
