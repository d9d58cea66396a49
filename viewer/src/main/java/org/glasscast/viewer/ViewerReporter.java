package org.glasscast.viewer;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.glasscast.protocol.stats.StatsJson;
import org.glasscast.viewer.stats.ViewerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The viewer's once-a-second status line and {@code --stats-json} file (DESIGN.md §6 keys). */
final class ViewerReporter {
    private static final Logger log = LoggerFactory.getLogger(ViewerReporter.class);

    private final ViewerStats stats;
    private final ViewerConfig config;
    private final PrintStream out;
    private final DoubleSupplier elapsedSeconds;
    private double lastTime;
    private long lastReceived;
    private long lastDecoded;
    private long lastDisplayed;
    private long lastBytes;
    private long lastDecodeNanos;
    private double fpsReceived;
    private double fpsDecoded;
    private double fpsDisplayed;
    private double bitrateKbps;
    private double decodeMs;
    private Double avOffsetMs;
    private Double arrivalOffsetMs;
    private boolean jsonFailed;

    ViewerReporter(ViewerStats stats, ViewerConfig config, PrintStream out, DoubleSupplier elapsedSeconds) {
        this.stats = stats;
        this.config = config;
        this.out = out;
        this.elapsedSeconds = elapsedSeconds;
    }

    synchronized void report(int queued, boolean last) {
        double now = elapsedSeconds.getAsDouble();
        if (!last) {
            double dt = Math.max(1e-3, now - lastTime);
            long decoded = stats.framesDecoded.sum();
            long displayed = stats.framesDisplayed.sum();
            long bytes = stats.bytesReceived.sum();
            long decNanos = stats.decodeNanos.sum();
            long received = stats.framesReceived.sum();
            fpsReceived = (received - lastReceived) / dt;
            lastReceived = received;
            fpsDecoded = (decoded - lastDecoded) / dt;
            fpsDisplayed = (displayed - lastDisplayed) / dt;
            bitrateKbps = (bytes - lastBytes) * 8 / dt / 1000;
            decodeMs = decoded > lastDecoded ? (decNanos - lastDecodeNanos) / 1e6 / (decoded - lastDecoded) : 0;
            lastDecoded = decoded;
            lastDisplayed = displayed;
            lastBytes = bytes;
            lastDecodeNanos = decNanos;
            lastTime = now;
            arrivalOffsetMs = arrivalOffset();
            avOffsetMs = avOffset();
            stats.avOffsetMillis = avOffsetMs == null ? Double.NaN : avOffsetMs;
            stats.videoQueued = queued;
            if (!config.quiet()) {
                out.printf(Locale.ROOT, "view: %6.1fs frames=%6d fps=%5.1f/%5.1f kbps=%6.0f %s "
                                + "lost=%d late=%d gaps=%d audio=%d%s%n",
                        now, decoded, fpsDecoded, fpsDisplayed, bitrateKbps, latencyStatus(stats),
                        stats.packetsLost.sum(), stats.packetsLate.sum(),
                        stats.patternGaps.sum(), stats.audioPackets.sum(),
                        audioStatus() + displayed() + recordPart() + waitingPart());
            }
        }
        if (config.statsJson() != null && !jsonFailed) {
            try {
                StatsJson.writeAtomically(config.statsJson(), toMap(now, queued));
            } catch (IOException e) {
                jsonFailed = true;
                log.error("cannot write stats to {}: {}", config.statsJson(), e.getMessage());
            }
        }
    }

    /**
     * "latency p50/p99=12/30 ms" (capture → decoded), or "latency n/a" when no frame had a measured
     * capture time ({@link org.glasscast.viewer.stats.CaptureTimeSource}).
     */
    static String latencyStatus(ViewerStats stats) {
        if (stats.latency.count() == 0) {
            return "latency n/a";
        }
        return "latency p50/p99=" + ms(stats.latency.percentileMillis(50)) + "/" + ms(stats.latency.percentileMillis(99))
                + " ms";
    }

    /** Playback figures for the status line: A/V offset, audio queued, underruns; empty without sound. */
    private String audioStatus() {
        if (!stats.audioOutputOpen) {
            return "";
        }
        return String.format(Locale.ROOT, " av=%s heard p50=%s aq=%d ms underruns=%d",
                avOffsetMs == null ? "n/a" : String.format(Locale.ROOT, "%+.1f ms", avOffsetMs),
                stats.heardLatency.count() == 0 ? "n/a" : ms(stats.heardLatency.percentileMillis(50)) + " ms",
                stats.audioQueuedMicros / 1000, stats.audioUnderruns.sum());
    }

    /**
     * The A/V offset over the last second as played, positive when the sound is behind the picture:
     * the capture time of each frame shown minus that of the sound heard then. Null while no sound
     * plays (none to be behind); the last second's figure while sound plays but no frame was shown.
     */
    private Double avOffset() {
        long dc = stats.displayAvOffsetCount.sumThenReset();
        long ds = stats.displayAvOffsetSumMicros.sumThenReset();
        if (!stats.audioOutputOpen) {
            return null;
        }
        // boxed on both sides: a conditional of double and Double would unbox a null and throw
        return dc > 0 ? Double.valueOf(ds / (double) dc / 1000.0) : avOffsetMs;
    }

    /**
     * How much later the sound is decoded after its capture than the picture, over the last second
     * (ms, positive: sound later): the offset the stream arrives with, before playback lines the two
     * up; whether or not sound plays. Null unless both tracks had capture times this second.
     */
    private Double arrivalOffset() {
        long vc = stats.videoLatencyCount.sumThenReset();
        long vs = stats.videoLatencySumMicros.sumThenReset();
        long ac = stats.audioLatencyCount.sumThenReset();
        long as = stats.audioLatencySumMicros.sumThenReset();
        if (vc == 0 || ac == 0) {
            return null;
        }
        return (as / (double) ac - vs / (double) vc) / 1000.0;
    }

    /** With the window: capture → on screen latency and decode time, which headless runs do not have. */
    private String displayed() {
        if (stats.displayLatency.count() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, " display p50/p99=%s/%s ms decode=%.1f ms",
                ms(stats.displayLatency.percentileMillis(50)), ms(stats.displayLatency.percentileMillis(99)), decodeMs);
    }

    /** " rec=12.3MB/361f" once something was recorded, else nothing. */
    private String recordPart() {
        long frames = stats.recordFrames.sum();
        return frames == 0 ? "" : String.format(Locale.ROOT, " rec=%.1fMB/%df", stats.recordBytes / 1e6, frames);
    }

    /** " waiting=3.2s" while the stream is away, " reconnects=N" once it came back; else nothing. */
    private String waitingPart() {
        long since = stats.waitingSinceNanos;
        long reconnects = stats.reconnects.sum();
        return (since == 0 ? "" : String.format(Locale.ROOT, " waiting=%.1fs", (System.nanoTime() - since) / 1e9))
                + (reconnects == 0 ? "" : " reconnects=" + reconnects);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    Map<String, Object> toMap(double now, int queued) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("time_s", now);
        root.put("source", org.glasscast.protocol.rtsp.RtspUrl.redacted(config.source()));
        root.put("video", ordered("codec", stats.videoCodec, "width", stats.width, "height", stats.height));
        root.put("frames", ordered("received", stats.framesReceived.sum(), "decoded", stats.framesDecoded.sum(),
                "displayed", stats.framesDisplayed.sum(), "dropped", stats.framesDropped.sum()));
        root.put("fps", ordered("received", fpsReceived, "decoded", fpsDecoded, "displayed", fpsDisplayed));
        root.put("bitrate_kbps", bitrateKbps);
        root.put("decode_ms", decodeMs);
        root.put("queue", queued);
        root.put("latency_source", stats.latencySource().jsonName());
        root.put("latency_ms", ordered("p50", stats.latency.percentileMillis(50), "p95", stats.latency.percentileMillis(95),
                "p99", stats.latency.percentileMillis(99), "max", stats.latency.maxMillis()));
        root.put("display_latency_ms", ordered("p50", stats.displayLatency.percentileMillis(50),
                "p95", stats.displayLatency.percentileMillis(95), "p99", stats.displayLatency.percentileMillis(99),
                "max", stats.displayLatency.maxMillis()));
        root.put("packets", ordered("received", stats.packetsReceived.sum(), "lost", stats.packetsLost.sum(),
                "recovered", stats.packetsRecovered.sum(), "late", stats.packetsLate.sum(),
                "malformed", stats.packetsMalformed.sum()));
        root.put("pattern", ordered("checked", stats.patternChecked.sum(), "errors", stats.patternErrors.sum(),
                "gaps", stats.patternGaps.sum(), "repeats", stats.patternRepeats.sum(),
                "first", stats.firstPatternIndex.get(), "last", stats.lastPatternIndex.get()));
        root.put("audio", ordered("packets", stats.audioPackets.sum(), "samples", stats.audioSamplesDecoded.sum(),
                "av_offset_ms", avOffsetMs, "arrival_offset_ms", arrivalOffsetMs, "queued_ms", stats.audioQueuedMicros / 1000.0,
                "underruns", stats.audioUnderruns.sum(), "dropped", stats.audioDropped.sum(),
                "heard_latency_ms", stats.audioOutputOpen ? ordered("p50", stats.heardLatency.percentileMillis(50),
                        "p99", stats.heardLatency.percentileMillis(99)) : null,
                "output_latency_ms", stats.audioOutputOpen ? stats.audioOutputLatencyMicros / 1000.0 : null));
        root.put("record", ordered("path", stats.recordPath, "frames", stats.recordFrames.sum(),
                "bytes", stats.recordBytes, "dropped", stats.recordDropped.sum()));
        root.put("keyframe_requests", stats.keyframeRequests.sum());
        long since = stats.waitingSinceNanos;
        root.put("waiting", since == 0 ? null : ordered("for_ms", (System.nanoTime() - since) / 1_000_000,
                "cause", stats.waitingCause));
        root.put("reconnects", stats.reconnects.sum());
        root.put("waiting_ms", ordered("total", stats.waitingMillisTotal.sum(), "last", stats.waitingMillisLast));
        root.put("startup_ms", ordered("first_picture", stats.startup.firstPictureMillis(),
                "on_screen", stats.startup.onScreenMillis()));
        return root;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
