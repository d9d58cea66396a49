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
 *
 * <p>In the window ({@link WindowVariant}), {@code glasscast view URL} on a private Xvfb, by
 * default with its sound played into a private PulseAudio null sink and vsync on; frames are
 * timed as displayed (the display log), and the {@link AvMeter} records the screen and the sink
 * from outside: capture → heard, capture → on screen and the A/V offset.
 */
final class Loopback {
    /**
     * How the viewer shows the stream in its window: the default is what a user runs (sound on
     * through PulseAudio, vsync on); the others add the flags that make a run easier, as rows
     * beside it, never instead of it.
     */
    enum WindowVariant {
        DEFAULT("default", "sound on through PulseAudio (null sink), vsync on: as a user runs it", true, List.of()),
        NO_VSYNC("no-vsync", "sound on through PulseAudio, --no-vsync", true, List.of("--no-vsync")),
        SILENT_NO_VSYNC("audio-out-none", "--audio-out none --no-vsync (the window row before issue 9)", false,
                List.of("--audio-out", "none", "--no-vsync"));

        final String key;
        final String description;
        final boolean sound;
        final List<String> flags;

        WindowVariant(String key, String description, boolean sound, List<String> flags) {
            this.key = key;
            this.description = description;
            this.sound = sound;
            this.flags = flags;
        }

        /** The viewer's flags as typed, or "(none)". */
        String flagsText() {
            return flags.isEmpty() ? "(none)" : String.join(" ", flags);
        }

        static WindowVariant of(String key) {
            for (WindowVariant v : values()) {
                if (v.key.equals(key)) {
                    return v;
                }
            }
            throw new IllegalArgumentException(key);
        }
    }

    /** One scenario's settings; {@code variant} null is headless. */
    record Settings(int width, int height, int fps, double seconds, double warmupSeconds, String codec, int mtu,
                    boolean audio, WindowVariant variant) {
        Settings(int width, int height, int fps, double seconds, double warmupSeconds, String codec, int mtu,
                 boolean audio) {
            this(width, height, fps, seconds, warmupSeconds, codec, mtu, audio, null);
        }

        /** The viewer shows the stream in its window on a private Xvfb (Mesa), as a user runs it; frames are timed as displayed. */
        Settings withWindow() {
            return with(WindowVariant.DEFAULT);
        }

        /** In the window, shown the {@code variant} way. */
        Settings with(WindowVariant variant) {
            return new Settings(width, height, fps, seconds, warmupSeconds, codec, mtu, audio, variant);
        }

        boolean window() {
            return variant != null;
        }

        /** Where frames are timed: "decoded" (headless) or "displayed" (window). */
        String stage() {
            return window() ? "displayed" : "decoded";
        }

        String size() {
            return width + "x" + height;
        }
    }

    /** What one run measured, its per-frame times for the plots, and (window) what the outside meter found. */
    record Run(Map<String, Double> figures, FrameTimes frames, long originMicros, double[] fpsSeconds,
               double[] fpsDecoded, AvMeter.Result outside) {
        Run(Map<String, Double> figures, FrameTimes frames, long originMicros, double[] fpsSeconds,
            double[] fpsDecoded) {
            this(figures, frames, originMicros, fpsSeconds, fpsDecoded, null);
        }
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
                    return measure(s, sender, viewer, new StatsFile(senderJson), new StatsFile(viewerJson), frameLog, log,
                            null);
                }
            }
            WindowVariant v = s.variant();
            List<String> view = new ArrayList<>(List.of("view", "rtsp://127.0.0.1:" + port + "/live",
                    "--stats-json", viewerJson.toString(), "--quiet"));
            view.addAll(v.flags);
            // the window sizes itself to the picture within 90 % of the screen: a screen that shows it 1:1 at 0,0
            try (PulseAudio pulse = v.sound && s.audio() ? PulseAudio.start() : null;
                 Xvfb x = Xvfb.start((int) Math.ceil(s.width() / 0.9) + 16 & ~1,
                         (int) Math.ceil(s.height() / 0.9) + 16 & ~1)) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("DISPLAY", x.display());
                if (pulse != null) {
                    env.putAll(pulse.environment()); // OpenAL Soft plays into the null sink
                }
                try (Child viewer = Child.start("viewer", Glasscast.command(
                        List.of("-D" + FrameLog.DISPLAYED + "=" + frameLog), view.toArray(String[]::new)), dir, env);
                     AvMeter meter = AvMeter.start(x.display(), AvMeter.Region.flashArea(0, 0, s.width(), s.height()),
                             pulse, dir.resolve("meter"))) {
                    return measure(s, sender, viewer, new StatsFile(senderJson), new StatsFile(viewerJson), frameLog,
                            log, meter);
                }
            }
        }
    }

    private static Run measure(Settings s, Child sender, Child viewer, StatsFile sj, StatsFile vj, Path frameLog,
                               PrintStream log, AvMeter meter) throws IOException, InterruptedException {
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
        // the outside meter stops recording before the viewer closes its window
        AvMeter.Result outside = meter == null ? null : meter.stop();
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
        if (s.window()) {
            // frames passed over, from the pixels: distinct burned-in indices shown against those sent
            f.put("frames_sent", sent1 - sent0);
            f.put("indices_displayed", (double) frames.distinctIndices());
            f.put("indices_in_span", (double) frames.indexSpan());
            f.put("indices_not_displayed", (double) (frames.indexSpan() - frames.distinctIndices()));
            f.put("indices_displayed_share", frames.indexSpan() == 0 ? Double.NaN
                    : (double) frames.distinctIndices() / frames.indexSpan());
            f.put("viewer_av_offset_ms", vj.number("audio.av_offset_ms"));
            // whole seconds inside the measured window whose marks (up to ~1 s later) were recorded
            outside = outside.withFlashCaptures(AvMeter.flashCaptures(frameLog)).between(from, to - 1_000_000L);
            f.putAll(outside.figures());
        }
        log.printf(java.util.Locale.ROOT, "  %s@%d %s%s: %.1f fps %s, %d gaps, latency p50 %.1f ms p99 %.1f ms,"
                        + " sender %.1f%% cpu, viewer %.1f%% cpu%n", s.size(), s.fps(), s.codec(),
                s.window() ? " window " + s.variant().key : "", f.get("fps_" + s.stage()), s.stage(),
                frames.gaps(), f.get("latency_p50_ms"), f.get("latency_p99_ms"), f.get("sender_cpu_percent"),
                f.get("viewer_cpu_percent"));
        if (outside != null) {
            log.printf(java.util.Locale.ROOT, "    outside: %d flashes, %d beeps, %d pairs; capture → heard p50 %.1f ms,"
                            + " capture → on screen p50 %.1f ms, A/V offset p50 %.1f ms (sound later +); viewer's own"
                            + " A/V %.1f ms%n", outside.flashes().size(), outside.beeps().size(), outside.pairs().size(),
                    outside.heardLatencyMillis(50), outside.pictureLatencyMillis(50), outside.avOffsetMillis(50),
                    f.get("viewer_av_offset_ms"));
        }
        return new Run(f, frames, originMicros, fpsT.stream().mapToDouble(Double::doubleValue).toArray(),
                fpsV.stream().mapToDouble(Double::doubleValue).toArray(), outside);
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
