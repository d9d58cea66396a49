package org.glasscast.sender.stream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.glasscast.protocol.net.ConnectFailure;

/**
 * Says why pushed datagrams do not leave ({@code no route to 10.1.2.3}) in one line, at the first
 * failed send and again only when the cause changes. Without it each failed send (hundreds a
 * second) reaches the end of the pipeline and is logged with its stack trace. The packets
 * themselves are dropped and counted, as a congested network would drop them; the stream goes on. Runs on
 * the channel's event loop only.
 */
public final class SendFailureReporter extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress to;
    private final PrintStream out;
    private final LongAdder failedPackets;
    private ConnectFailure last;

    /**
     * @param to            the push destination, as the line names it
     * @param failedPackets where each failed send is counted
     */
    public SendFailureReporter(InetSocketAddress to, PrintStream out, LongAdder failedPackets) {
        this.to = to;
        this.out = out;
        this.failedPackets = failedPackets;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failedPackets.increment();
        ConnectFailure f = ConnectFailure.of(cause, to.getHostString(), to.getAddress(), to.getPort(), 0);
        if (!f.sameCauseAs(last)) {
            last = f;
            out.println("send: cannot push to " + to.getHostString() + ":" + to.getPort() + ": " + f.message());
        }
    }
}
