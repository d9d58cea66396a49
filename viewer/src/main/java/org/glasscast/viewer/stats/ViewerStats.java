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
    /** Capture → decoded latency of every video frame whose capture time was measured ({@link CaptureTimeSource#measured()}). */
    public final LatencyHistogram latency = new LatencyHistogram();
    /** Capture → on screen latency of every frame the window showed whose capture time was measured. */
    public final LatencyHistogram displayLatency = new LatencyHistogram();
    /** The most trusted source of the capture times behind {@link #latency}; NONE while it is empty. */
    private volatile CaptureTimeSource latencySource = CaptureTimeSource.NONE;
    /** The latest decoded frame's capture time was measured: the window may count it as latency. */
    public volatile boolean videoCaptureMeasured;
    /** The latest audio packet's capture time was measured (abs-capture-time): heard latency may be counted. */
    public volatile boolean audioCaptureMeasured;
    /** Capture → decoded latency sums of the current second, per track, for the arrival offset. */
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
    /** Times the output device stopped taking sound for a while (not our queue running dry). */
    public final LongAdder audioStalls = new LongAdder();
    public volatile long audioQueuedMicros;
    /** Capture → heard latency of the sound, sampled as it plays (every few ms). */
    public final LatencyHistogram heardLatency = new LatencyHistogram();
    /** What the output device and sound server add after OpenAL's mixer, as they report it. */
    public volatile long audioOutputLatencyMicros;
    /** How long pictures waited in the presentation queue after they were decoded, summed over those shown. */
    public final LongAdder pictureWaitSumMicros = new LongAdder();
    public final LongAdder pictureWaitCount = new LongAdder();
    /** The picture on screen: its capture time (µs since the epoch, 0 none yet) and when it went up (nanoTime). */
    private volatile long[] pictureOnScreen = {0, 0};
    public volatile boolean audioOutputOpen;
    public final AtomicLong firstPatternIndex = new AtomicLong(-1);
    public final AtomicLong lastPatternIndex = new AtomicLong(-1);
    /** The last A/V offset the reporter worked out while sound plays (ms, positive: audio behind), NaN otherwise. */
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

    /*
     * Waiting for the stream (issue 11): before the first connection, and whenever the sender has
     * ended the stream, gone away or fallen silent, until the stream plays again.
     */
    /** System.nanoTime() since when the viewer has been waiting for its stream; 0 while it plays. */
    public volatile long waitingSinceNanos;
    /** Why it waits, one line for a user ("connection refused by 10.0.0.7:8554"); null while it plays. */
    public volatile String waitingCause;
    /** Times the stream came back after it had played (a sender restart, an outage). */
    public final LongAdder reconnects = new LongAdder();
    /** Time spent waiting after the stream had played, in all and the last wait (ms). */
    public final LongAdder waitingMillisTotal = new LongAdder();
    public volatile long waitingMillisLast;

    /** A frame's latency was counted from a capture time of this source (video thread). */
    public void latencyMeasuredFrom(CaptureTimeSource source) {
        if (source.measured() && source.ordinal() < latencySource.ordinal()) {
            latencySource = source;
        }
    }

    /** Where the latency figures' capture times come from; NONE when there are none (the figures are unknown). */
    public CaptureTimeSource latencySource() {
        return latencySource;
    }

    /** A picture captured at {@code captureMicros} went on screen at {@code nowNanos}. */
    public void pictureShown(long captureMicros, long nowNanos) {
        pictureOnScreen = new long[] {captureMicros, nowNanos};
    }

    /**
     * The capture time the picture on screen stands for at {@code nowNanos} (its own, plus the time
     * since it went up, as a video clock), or 0 when none was shown in the last half second.
     */
    public long pictureOnScreenMicros(long nowNanos) {
        long[] p = pictureOnScreen;
        long since = nowNanos - p[1];
        return p[0] <= 0 || since > 500_000_000L ? 0 : p[0] + since / 1000;
    }
}
