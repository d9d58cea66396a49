package org.glasscast.viewer.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The viewer's counters (DESIGN.md §6), written by its threads and read by the reporter. */
public final class ViewerStats {
    public final LongAdder framesReceived = new LongAdder();
    public final LongAdder framesDecoded = new LongAdder();
    public final LongAdder framesDisplayed = new LongAdder();
    public final LongAdder framesDropped = new LongAdder();
    public final LongAdder decodeNanos = new LongAdder();
    public final LongAdder bytesReceived = new LongAdder();
    public final LongAdder packetsReceived = new LongAdder();
    public final LongAdder packetsLost = new LongAdder();
    public final LongAdder packetsRecovered = new LongAdder();
    public final LongAdder packetsLate = new LongAdder();
    public final LongAdder packetsMalformed = new LongAdder();
    public final LongAdder patternChecked = new LongAdder();
    public final LongAdder patternErrors = new LongAdder();
    public final LongAdder patternGaps = new LongAdder();
    public final LongAdder patternRepeats = new LongAdder();
    public final LongAdder audioPackets = new LongAdder();
    public final LongAdder audioSamplesDecoded = new LongAdder();
    public final LongAdder keyframeRequests = new LongAdder();
    /** Capture → decoded latency of every video frame whose capture time is known. */
    public final LatencyHistogram latency = new LatencyHistogram();
    /** Capture → on screen latency of every frame the window showed whose capture time is known. */
    public final LatencyHistogram displayLatency = new LatencyHistogram();
    /** Capture → decoded latency sums of the current second, per track, for the A/V offset. */
    public final LongAdder videoLatencySumMicros = new LongAdder();
    public final LongAdder videoLatencyCount = new LongAdder();
    public final LongAdder audioLatencySumMicros = new LongAdder();
    public final LongAdder audioLatencyCount = new LongAdder();
    /** Capture time of the frame put on screen minus that of the sound heard then, this second's sum. */
    public final LongAdder displayAvOffsetSumMicros = new LongAdder();
    public final LongAdder displayAvOffsetCount = new LongAdder();
    /** Audio output: times it ran dry, packets dropped to keep latency down, what it holds now. */
    public final LongAdder audioUnderruns = new LongAdder();
    public final LongAdder audioDropped = new LongAdder();
    public volatile long audioQueuedMicros;
    public volatile boolean audioOutputOpen;
    public final AtomicLong firstPatternIndex = new AtomicLong(-1);
    public final AtomicLong lastPatternIndex = new AtomicLong(-1);
    /** The last A/V offset the reporter worked out (ms, positive: audio behind), NaN before one. */
    public volatile double avOffsetMillis = Double.NaN;
    /** Access units (or raw frames) waiting for the video thread, as of the last report. */
    public volatile int videoQueued;
    public volatile String videoCodec = "";
    public volatile int width;
    public volatile int height;
    /** The recorder's figures over the run (DESIGN.md §6 record.*): frames and bytes written, the current file. */
    public final LongAdder recordFrames = new LongAdder();
    /** Packets the recorder's queue had no room for. */
    public final LongAdder recordDropped = new LongAdder();
    public volatile long recordBytes;
    public volatile String recordPath;
    /** Launch → first picture decoded and on screen (DESIGN.md §6 startup_ms.*). */
    public final StartupTimes startup = new StartupTimes();
}
