package org.glasscast.sender.stream;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/** Where one viewer's packets go: UDP datagrams or frames interleaved in its RTSP connection. */
public interface MediaSink {
    /**
     * Queues one RTP packet of the track; takes ownership of {@code packet} (it is released
     * whether or not it can be sent). Returns false when the packet was dropped because the
     * transport is congested.
     */
    boolean sendRtp(Track track, ByteBuf packet);

    /** Queues one RTCP compound packet of the track; takes ownership like {@link #sendRtp}. */
    void sendRtcp(Track track, ByteBuf packet);

    /** Flushes what was queued (called once per frame, not once per packet). */
    void flush();

    /** The address RTCP of this viewer arrives from, for UDP; null for interleaved sinks. */
    InetSocketAddress rtcpSource(Track track);

    /** Whether the underlying connection is gone. */
    boolean isClosed();
}
