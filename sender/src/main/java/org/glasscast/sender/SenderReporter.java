package org.glasscast.sender;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.glasscast.protocol.stats.StatsJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sender's once-a-second status line and {@code --stats-json} file. */
final class SenderReporter {
    private static final Logger log = LoggerFactory.getLogger(SenderReporter.class);

    private final SenderStats stats;
    private final SenderConfig config;
    private final PrintStream out;
    private final DoubleSupplier elapsedSeconds;
    private final LongSupplier audioSourceDropped;
    private long lastEncoded;
    private long lastBytes;
    private long lastEncodeNanos;
    private double lastTime;
    private boolean jsonFailed;

    SenderReporter(SenderStats stats, SenderConfig config, PrintStream out, DoubleSupplier elapsedSeconds,
                   LongSupplier audioSourceDropped) {
        this.stats = stats;
        this.audioSourceDropped = audioSourceDropped;
        this.config = config;
        this.out = out;
        this.elapsedSeconds = elapsedSeconds;
    }

    synchronized void report(long dropped, boolean last) {
        double now = elapsedSeconds.getAsDouble();
        double dt = Math.max(1e-3, now - lastTime);
        long encoded = stats.framesEncoded.sum();
        long bytes = stats.bytesSent.sum();
        long encNanos = stats.encodeNanos.sum();
        double fps = (encoded - lastEncoded) / dt;
        double kbps = (bytes - lastBytes) * 8 / dt / 1000;
        double encodeMs = encoded > lastEncoded ? (encNanos - lastEncodeNanos) / 1e6 / (encoded - lastEncoded) : 0;
        lastEncoded = encoded;
        lastBytes = bytes;
        lastEncodeNanos = encNanos;
        lastTime = now;
        if (!config.quiet() && !last) {
            int push = stats.pushDestinations.get();
            out.printf(Locale.ROOT, "send: %6.1fs frame=%6d fps=%5.1f enc=%5.1fms kbps=%6.0f viewers=%d%s dropped=%d audio=%d%n",
                    now, encoded, fps, encodeMs, kbps, stats.viewers.get(), push > 0 ? " push=" + push : "", dropped,
                    stats.audioPackets.sum());
        }
        if (config.statsJson() != null && !jsonFailed) {
            Map<String, Object> frames = new LinkedHashMap<>();
            frames.put("captured", stats.framesCaptured.sum());
            frames.put("unchanged", stats.framesUnchanged.sum());
            frames.put("encoded", encoded);
            frames.put("sent", stats.framesSent.sum());
            frames.put("dropped", dropped);
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("time_s", now);
            root.put("frames", frames);
            root.put("fps", Map.of("encoded", fps));
            root.put("bitrate_kbps", kbps);
            root.put("encode_ms", encodeMs);
            root.put("viewers", stats.viewers.get());
            root.put("push", stats.pushDestinations.get());
            Map<String, Object> audio = new LinkedHashMap<>();
            audio.put("packets", stats.audioPackets.sum());
            audio.put("dropped", stats.audioDroppedBacklog.sum() + audioSourceDropped.getAsLong());
            root.put("audio", audio);
            root.put("packets", Map.of("malformed", stats.malformed.sum(),
                    "dropped_congestion", stats.packetsDroppedCongestion.sum(),
                    "send_failed", stats.packetsSendFailed.sum()));
            root.put("keyframe_requests", stats.keyframeRequests.sum());
            root.put("rtsp", Map.of("unauthorized", stats.unauthorized.sum()));
            Map<String, Object> startup = new LinkedHashMap<>();
            startup.put("ready", stats.readyMillis);
            startup.put("first_packet", stats.firstPacketMillis);
            root.put("startup_ms", startup);
            try {
                StatsJson.writeAtomically(config.statsJson(), root);
            } catch (IOException e) {
                jsonFailed = true;
                log.error("cannot write stats to {}: {}", config.statsJson(), e.getMessage());
            }
        }
    }
}
