package org.glasscast.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glasscast.sender.source.screen.Xvfb;
import org.glasscast.viewer.stats.FrameLog;

/**
 * Our pipeline end to end on loopback, as users run it: {@code glasscast send} (test pattern and
 * tone, H.264 + Opus) and {@code glasscast view --headless --verify-pattern} in two JVMs. The
 * first seconds are warm-up and left out; then fps, gaps, capture→decoded latency from the
 * burned-in code, bit rate, CPU per frame and peak memory of each process.
 */
final class Loopback {
    /** One scenario's settings. */
    record Settings(int width, int height, int fps, double seconds, double warmupSeconds, String codec, int mtu,
                    boolean audio, boolean window) {
        Settings(int width, int height, int fps, double seconds, double warmupSeconds, String codec, int mtu,
                 boolean audio) {
            this(width, height, fps, seconds, warmupSeconds, codec, mtu, audio, false);
        }

        /** The viewer shows the stream in its window on a private Xvfb (Mesa); frames are timed as displayed. */
        Settings withWindow() {
            return new Settings(width, height, fps, seconds, warmupSeconds, codec, mtu, audio, true);
        }

        /** Where frames are timed: "decoded" (headless) or "displayed" (window). */
        String stage() {
            return window ? "displayed" : "decoded";
        }

        String size() {
            return width + "x" + height;
        }
    }

    /** What one run measured, and its per-frame times for the plots. */
    record Run(Map<String, Double> figures, FrameTimes frames, long originMicros, double[] fpsSeconds,
               double[] fpsDecoded) {
    }

    private Loopback() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Run runOnce(Path dir, Settings s, PrintStream log) throws IOException, InterruptedException {
        int port = freePort();
        Path senderJson = dir.resolve("sender.json");
        Path viewerJson = dir.resolve("viewer.json");
        Path frameLog = dir.resolve("frames.csv");
        List<String> send = new ArrayList<>(List.of("send", "--source", "test", "--size", s.size(),
                "--fps", Integer.toString(s.fps()), "--audio", s.audio() ? "test" : "none",
                "--codec", s.codec(), "--listen", "127.0.0.1:" + port, "--stats-json", senderJson.toString(), "--quiet"));
        if (s.mtu() > 0) {
            send.addAll(List.of("--mtu", Integer.toString(s.mtu())));
        }
        try (Child sender = Child.start("sender", Glasscast.command(List.of(), send.toArray(String[]::new)), dir,
                Map.of())) {
            if (!sender.awaitOutput("send: serving", 60)) {
                throw new IOException("the sender did not start: " + sender.tail());
            }
            if (!s.window()) {
                try (Child viewer = Child.start("viewer", Glasscast.command(
                        List.of("-D" + FrameLog.DECODED + "=" + frameLog),
                        "view", "rtsp://127.0.0.1:" + port + "/live", "--headless", "--verify-pattern",
                        "--stats-json", viewerJson.toString(), "--quiet"), dir, Map.of())) {
                    return measure(s, sender, viewer, new StatsFile(senderJson), new StatsFile(viewerJson), frameLog, log);
                }
            }
            // the window sizes itself to the picture within 90 % of the screen: a screen that shows it 1:1
            try (Xvfb x = Xvfb.start((int) Math.ceil(s.width() / 0.9) + 16 & ~1, (int) Math.ceil(s.height() / 0.9) + 16 & ~1);
                 Child viewer = Child.start("viewer", Glasscast.command(
                        List.of("-D" + FrameLog.DISPLAYED + "=" + frameLog),
                        "view", "rtsp://127.0.0.1:" + port + "/live", "--no-vsync", "--verify-pattern",
                        "--audio-out", "none", "--stats-json", viewerJson.toString(), "--quiet"), dir,
                        Map.of("DISPLAY", x.display()))) {
                return measure(s, sender, viewer, new StatsFile(senderJson), new StatsFile(viewerJson), frameLog, log);
            }
        }
    }

    private static Run measure(Settings s, Child sender, Child viewer, StatsFile sj, StatsFile vj, Path frameLog,
                               PrintStream log) throws IOException, InterruptedException {
        awaitFirstFrame(viewer, vj);
        long startNanos = System.nanoTime();
        long originMicros = System.currentTimeMillis() * 1000;
        List<Double> fpsT = new ArrayList<>();
        List<Double> fpsV = new ArrayList<>();
        double total = s.warmupSeconds() + s.seconds();
        double senderCpu0 = Double.NaN;
        double viewerCpu0 = Double.NaN;
        double sent0 = Double.NaN;
        double senderDropped0 = 0;
        double viewerDropped0 = 0;
        double lost0 = 0;
        long from = 0;
        double t0 = 0;
        while (true) {
            Thread.sleep(1000);
            double t = (System.nanoTime() - startNanos) / 1e9;
            if (!viewer.process().isAlive() || !sender.process().isAlive()) {
                throw new IOException((viewer.process().isAlive() ? "the sender" : "the viewer") + " ended early: "
                        + (viewer.process().isAlive() ? sender.tail() : viewer.tail()));
            }
            double fps = vj.refresh().number("fps.decoded");
            if (!Double.isNaN(fps)) {
                fpsT.add(t);
                fpsV.add(fps);
            }
            if (Double.isNaN(senderCpu0) && t >= s.warmupSeconds()) {
                senderCpu0 = sender.cpuSeconds();
                viewerCpu0 = viewer.cpuSeconds();
                sent0 = sj.refresh().number("frames.sent");
                senderDropped0 = sj.number("frames.dropped");
                viewerDropped0 = vj.number("frames.dropped");
                lost0 = vj.number("packets.lost");
                from = System.currentTimeMillis() * 1000;
                t0 = t;
            }
            if (t >= total) {
                break;
            }
        }
        double senderCpu1 = sender.cpuSeconds();
        double viewerCpu1 = viewer.cpuSeconds();
        double sent1 = sj.refresh().number("frames.sent");
        long to = System.currentTimeMillis() * 1000;
        double t1 = (System.nanoTime() - startNanos) / 1e9;
        double senderRss = sender.peakRssMiB();
        double viewerRss = viewer.peakRssMiB();
        double window = t1 - t0;
        viewer.stop(10);
        vj.refresh();
        sj.refresh();
        FrameTimes frames = FrameTimes.read(frameLog, from, to);
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("fps_sent", (sent1 - sent0) / window);
        for (Map.Entry<String, Double> e : frames.figures(window).entrySet()) {
            f.put(e.getKey().replace("decoded", s.stage()), e.getValue());
        }
        f.put("bitrate_kbps", vj.number("bitrate_kbps"));
        f.put("sender_cpu_percent", (senderCpu1 - senderCpu0) / window * 100);
        f.put("viewer_cpu_percent", (viewerCpu1 - viewerCpu0) / window * 100);
        f.put("sender_cpu_ms_per_frame", (senderCpu1 - senderCpu0) * 1000 / Math.max(1, sent1 - sent0));
        f.put("viewer_cpu_ms_per_frame", (viewerCpu1 - viewerCpu0) * 1000 / Math.max(1, frames.count()));
        f.put("sender_peak_rss_mib", senderRss);
        f.put("viewer_peak_rss_mib", viewerRss);
        // counted over the measured window, like everything else (warm-up left out)
        f.put("sender_frames_dropped", sj.number("frames.dropped") - senderDropped0);
        f.put("viewer_frames_dropped", vj.number("frames.dropped") - viewerDropped0);
        f.put("packets_lost", vj.number("packets.lost") - lost0);
        log.printf(java.util.Locale.ROOT, "  %s@%d %s: %.1f fps %s, %d gaps, latency p50 %.1f ms p99 %.1f ms,"
                        + " sender %.1f%% cpu, viewer %.1f%% cpu%n", s.size(), s.fps(), s.codec(),
                f.get("fps_" + s.stage()), s.stage(),
                frames.gaps(), f.get("latency_p50_ms"), f.get("latency_p99_ms"), f.get("sender_cpu_percent"),
                f.get("viewer_cpu_percent"));
        return new Run(f, frames, originMicros, fpsT.stream().mapToDouble(Double::doubleValue).toArray(),
                fpsV.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Warm-up counts from the first decoded frame, not from the viewer's launch (JVM start, RTSP set-up). */
    static void awaitFirstFrame(Child viewer, StatsFile vj) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(vj.refresh().number("frames.decoded") > 0)) {
            if (!viewer.process().isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the viewer decoded no frame: " + viewer.tail());
            }
            Thread.sleep(100);
        }
    }

    /** Median, min and max of each figure over the runs. */
    static Map<String, Object> summarize(List<Run> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : runs.get(0).figures().keySet()) {
            List<Double> values = new ArrayList<>();
            for (Run r : runs) {
                values.add(r.figures().get(key));
            }
            m.put(key, Figures.summary(values));
        }
        return m;
    }

    /** The median of one figure from a {@link #summarize} map. */
    @SuppressWarnings("unchecked")
    static double median(Map<String, Object> summary, String key) {
        Object v = summary.get(key);
        return v instanceof Map<?, ?> m ? ((Number) ((Map<String, Object>) m).get("median")).doubleValue() : Double.NaN;
    }
}
