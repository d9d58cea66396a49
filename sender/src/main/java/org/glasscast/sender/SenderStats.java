package org.glasscast.sender;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The sender's counters, written from its threads and read once a second by the reporter. */
public final class SenderStats {
    public final LongAdder framesCaptured = new LongAdder();
    public final LongAdder framesEncoded = new LongAdder();
    /** Deadlines skipped because the source's picture had not changed (a still screen). */
    public final LongAdder framesUnchanged = new LongAdder();
    public final LongAdder framesSent = new LongAdder();
    /** Captures skipped because every pooled frame was still in use (the encoder is behind). */
    public final LongAdder framesDroppedSlow = new LongAdder();
    /** Encoded frames dropped because the network side was behind. */
    public final LongAdder framesDroppedBacklog = new LongAdder();
    public final LongAdder packetsDroppedCongestion = new LongAdder();
    /** Datagrams the system would not send (no route to a viewer or push address, a firewall's EPERM). */
    public final LongAdder packetsSendFailed = new LongAdder();
    public final LongAdder encodeNanos = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder audioPackets = new LongAdder();
    /** Audio packets dropped because the event loop was behind. */
    public final LongAdder audioDroppedBacklog = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    /** RTSP requests refused for a wrong user name or password (with --auth). */
    public final LongAdder unauthorized = new LongAdder();
    public final LongAdder keyframeRequests = new LongAdder();
    /** RTSP sessions playing the stream (push destinations are not viewers). */
    public final AtomicInteger viewers = new AtomicInteger();
    /** Addresses the stream is pushed to ({@code --to}). */
    public final AtomicInteger pushDestinations = new AtomicInteger();
    /** Launch ({@link org.glasscast.protocol.stats.LaunchTime}) → serving or pushing, ms; NaN before. */
    public volatile double readyMillis = Double.NaN;
    /** Launch → the first RTP packet sent to anyone, ms; NaN before. */
    public volatile double firstPacketMillis = Double.NaN;
}
