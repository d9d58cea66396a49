package org.glasscast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code glasscast bench loopback}: our sender and viewer on loopback, measured. */
@Command(name = "loopback", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Our pipeline end to end on loopback (send and view as separate JVMs): fps, gaps,"
                + " capture-to-decoded latency from the burned-in code, bit rate, CPU per frame, peak memory;"
                + " with --window as displayed, with sound and A/V measured from outside.")
public final class LoopbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StreamOptions stream;

    @Option(names = "--window", description = "show the stream in the viewer's window on a private Xvfb (Mesa): fps and"
            + " latency are then measured as displayed, and sound and picture from outside (ffmpeg records the screen"
            + " and a PulseAudio null sink). Rows: default (sound on, vsync on, as a user runs it), --no-vsync,"
            + " --audio-out none --no-vsync")
    boolean window;

    @Option(names = "--variants", paramLabel = "LIST", split = ",",
            description = "with --window: the rows to run, of default, no-vsync, audio-out-none (default: all three)")
    List<String> variants;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        Loopback.Settings s = stream.settings(spec, options, true);
        if (window) {
            List<Loopback.WindowVariant> rows = new ArrayList<>();
            for (String v : variants == null ? List.of("default", "no-vsync", "audio-out-none") : variants) {
                try {
                    rows.add(Loopback.WindowVariant.of(v.trim()));
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--variants: unknown row '"
                            + v + "' (default, no-vsync, audio-out-none)");
                }
            }
            Report report = Report.create(options.out, "loopback-window", "./glasscast bench loopback --window --size " + s.size()
                    + " --fps " + s.fps() + " --seconds " + Report.format(s.seconds()) + " --runs " + options.runs()
                    + (variants == null ? "" : " --variants " + String.join(",", variants)));
            System.out.println("bench loopback --window: " + s.size() + "@" + s.fps() + ", rows "
                    + rows.stream().map(r -> r.key).toList() + ", " + options.runs() + " run(s) of "
                    + Report.format(s.seconds()) + " s after " + Report.format(s.warmupSeconds()) + " s warm-up → "
                    + report.dir());
            runWindow(report, s, rows, options.runs());
            report.write();
            System.out.println("bench loopback: " + report.dir().resolve("report.md"));
            return 0;
        }
        Report report = Report.create(options.out, "loopback", "./glasscast bench loopback --size " + s.size()
                + " --fps " + s.fps() + " --seconds " + Report.format(s.seconds()) + " --runs " + options.runs());
        System.out.println("bench loopback: " + s.size() + "@" + s.fps() + ", " + options.runs() + " run(s) of "
                + Report.format(s.seconds()) + " s after " + Report.format(s.warmupSeconds()) + " s warm-up → "
                + report.dir());
        run(report, s, options.runs());
        report.write();
        System.out.println("bench loopback: " + report.dir().resolve("report.md"));
        return 0;
    }

    /**
     * The window rows: each variant {@code runs} times, taken in turns (run 1 of every row, then
     * run 2, …) so that a busy spell of a shared machine does not fall on one row only. The first
     * row's figures are also the report's {@code figures}. Returns the summaries by row.
     */
    static Map<String, Map<String, Object>> runWindow(Report report, Loopback.Settings base,
                                                      List<Loopback.WindowVariant> rows, int runs) throws Exception {
        Map<Loopback.WindowVariant, List<Loopback.Run>> results = new LinkedHashMap<>();
        for (int i = 1; i <= runs; i++) {
            for (Loopback.WindowVariant v : rows) {
                Path dir = report.dir().resolve(v.key + "-run-" + i);
                Files.createDirectories(dir);
                results.computeIfAbsent(v, k -> new ArrayList<>()).add(Loopback.runOnce(dir, base.with(v), System.out));
            }
        }
        Map<String, Map<String, Object>> summaries = new LinkedHashMap<>();
        Map<String, Object> byRow = new LinkedHashMap<>();
        for (Map.Entry<Loopback.WindowVariant, List<Loopback.Run>> e : results.entrySet()) {
            Map<String, Object> summary = Loopback.summarize(e.getValue());
            summaries.put(e.getKey().key, summary);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("viewer_flags", e.getKey().flags);
            row.put("description", e.getKey().description);
            row.put("figures", summary);
            byRow.put(e.getKey().key, row);
        }
        Loopback.WindowVariant first = rows.get(0);
        report.put("settings", Map.of("size", base.size(), "fps", base.fps(), "seconds", base.seconds(),
                "warmup_seconds", base.warmupSeconds(), "codec", base.codec(), "frames_timed", "displayed",
                "rows", rows.stream().map(r -> r.key).toList()));
        report.put("figures", summaries.get(first.key));
        report.put("variants", byRow);
        Loopback.Run lastFirst = results.get(first).get(runs - 1);
        if (lastFirst.outside() != null) {
            List<Map<String, Object>> perSecond = new ArrayList<>();
            for (AvMeter.Second sec : lastFirst.outside().seconds()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("second", sec.second());
                m.put("heard_latency_ms", sec.heardLatencyMillis());
                m.put("picture_latency_ms", sec.pictureLatencyMillis());
                m.put("flash_after_second_ms", sec.flashAfterSecondMillis());
                m.put("av_offset_ms", sec.avOffsetMillis());
                m.put("grab_gap_ms", sec.flashGrabGapMicros() / 1000);
                perSecond.add(m);
            }
            report.put("outside_last_run_per_second", perSecond);
        }

        report.text("Test pattern " + base.size() + " at " + base.fps() + " fps with its tone, " + base.codec() + ", "
                + runs + " run(s) of each row, " + Report.format(base.seconds()) + " s after "
                + Report.format(base.warmupSeconds()) + " s of warm-up, taken in turns. The viewer is `glasscast view URL`"
                + " in its window on a private Xvfb (Mesa's llvmpipe); with sound it plays through OpenAL Soft into a"
                + " private PulseAudio daemon's null sink, as on a desktop. Inside the viewer: frames are timed as put"
                + " on screen (its display log reads the burned-in code of every frame shown). Outside it: ffmpeg"
                + " records the screen where the pattern flashes white at each whole second of capture time (x11grab, "
                + AvMeter.DEFAULT_GRAB_FPS + " grabs/s) and the sink's monitor, both on the wall clock (`AvMeter`;"
                + " `bench meter` states its error): capture → heard is the beep's onset − the whole second; capture →"
                + " on screen is the flash − the flash frame's capture time; the A/V offset is their difference,"
                + " positive when the sound comes later than its picture. The meter reads the sink in 5 ms fragments,"
                + " which keeps the null sink rendering in 5 ms steps (as a sound card's clock moves smoothly); the"
                + " viewer's own A/V figure is its stats' audio.av_offset_ms.");
        report.text("");
        List<List<Object>> table = new ArrayList<>();
        for (Loopback.WindowVariant v : rows) {
            Map<String, Object> m = summaries.get(v.key);
            table.add(List.of(v.key, "`" + v.flagsText() + "`",
                    Loopback.median(m, "fps_displayed"), Loopback.median(m, "fps_sent"),
                    Loopback.median(m, "viewer_frames_dropped"),
                    Report.format(Loopback.median(m, "indices_displayed")) + " / "
                            + Report.format(Loopback.median(m, "indices_in_span")),
                    Loopback.median(m, "latency_p50_ms"), Loopback.median(m, "latency_p99_ms"),
                    Loopback.median(m, "outside_picture_latency_p50_ms"),
                    Loopback.median(m, "outside_heard_latency_p50_ms"),
                    Loopback.median(m, "outside_av_offset_p50_ms"),
                    Report.format(Loopback.median(m, "outside_av_offset_min_ms")) + " … "
                            + Report.format(Loopback.median(m, "outside_av_offset_max_ms")),
                    Loopback.median(m, "outside_pairs"),
                    Loopback.median(m, "viewer_av_offset_ms")));
        }
        report.table(List.of("row", "viewer flags", "fps displayed", "fps sent", "passed over (viewer)",
                "indices shown / sent", "capture→displayed p50 (ms)", "p99 (ms)", "capture→on screen p50, outside (ms)",
                "capture→heard p50, outside (ms)", "A/V offset p50, outside (ms)", "A/V offset range (ms)",
                "beep/flash pairs", "viewer's own A/V (ms)"), table);
        report.text("Medians over the runs. \"passed over\" is the viewer's frames.dropped over the measured window;"
                + " \"indices shown / sent\" counts the distinct burned-in indices put on screen against the indices"
                + " from the first to the last shown. The A/V range is the median over runs of each run's lowest and"
                + " highest per-second offset. – means not measured (no sound in that row).");
        report.text("");
        for (Loopback.WindowVariant v : rows) {
            report.text("## " + v.key + ": " + v.description);
            report.text("");
            report.table(List.of("figure", "median", "min", "max"), rows(summaries.get(v.key)));
        }
        List<String> names = new ArrayList<>();
        List<double[]> samples = new ArrayList<>();
        for (Loopback.WindowVariant v : rows) {
            List<Loopback.Run> rs = results.get(v);
            names.add(v.key);
            samples.add(rs.get(rs.size() - 1).frames().latenciesMillis());
        }
        Plots.cdf(report.dir().resolve("latency-cdf.png"), "Capture → displayed latency by row (last run of each)",
                "latency (ms)", names, samples);
        report.plot("latency-cdf.png", "capture → displayed latency CDF, one line per row");
        Plots.overTimeWithMedian(report.dir().resolve("frame-interval.png"), "Interval between displayed frames ("
                        + first.key + ")", "interval (ms)", "frame", lastFirst.frames().intervalEndSeconds(lastFirst.originMicros()),
                lastFirst.frames().intervalsMillis());
        report.plot("frame-interval.png", "frame interval over time in the " + first.key + " row, with its median");
        if (lastFirst.outside() != null) {
            List<AvMeter.Second> secs = lastFirst.outside().seconds();
            long t0 = secs.isEmpty() ? 0 : secs.get(0).second();
            double[] x = secs.stream().mapToDouble(sec -> sec.second() - t0).toArray();
            Plots.lines(report.dir().resolve("outside.png"), "Measured outside the viewer (" + first.key + ", last run)",
                    "second", "ms", List.of(
                            new Plots.Line("capture → heard", x, secs.stream().mapToDouble(AvMeter.Second::heardLatencyMillis).toArray(), true),
                            new Plots.Line("capture → on screen", x, secs.stream().mapToDouble(AvMeter.Second::pictureLatencyMillis).toArray(), true),
                            new Plots.Line("A/V offset", x, secs.stream().mapToDouble(AvMeter.Second::avOffsetMillis).toArray(), true)));
            report.plot("outside.png", "capture → heard, capture → on screen and the A/V offset at each second");
        }
        Plots.lines(report.dir().resolve("fps.png"), "Decoded frames per second (" + first.key + ")", "time (s)", "fps",
                List.of(new Plots.Line("decoded", lastFirst.fpsSeconds(), lastFirst.fpsDecoded())));
        report.plot("fps.png", "fps over time (warm-up included)");
        return summaries;
    }

    /** Runs and reports; also used by {@code all}. Returns the summary. */
    static Map<String, Object> run(Report report, Loopback.Settings s, int runs) throws Exception {
        List<Loopback.Run> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Path dir = report.dir().resolve("run-" + i);
            Files.createDirectories(dir);
            results.add(Loopback.runOnce(dir, s, System.out));
        }
        Map<String, Object> summary = Loopback.summarize(results);
        report.put("settings", Map.of("size", s.size(), "fps", s.fps(), "seconds", s.seconds(),
                "warmup_seconds", s.warmupSeconds(), "codec", s.codec(), "frames_timed", s.stage()));
        report.put("figures", summary);
        report.text("Test pattern " + s.size() + " at " + s.fps() + " fps, " + s.codec() + ", " + runs + " run(s) of "
                + Report.format(s.seconds()) + " s after " + Report.format(s.warmupSeconds())
                + " s of warm-up. Latency is capture → " + s.stage() + ", read from the burned-in code of every frame"
                + (s.window() ? " (the viewer's window on a private Xvfb with Mesa's llvmpipe, " + s.variant().description
                        + ")." : " (headless)."));
        report.text("");
        report.table(List.of("figure", "median", "min", "max"), rows(summary));
        Loopback.Run last = results.get(results.size() - 1);
        Plots.overTimeWithMedian(report.dir().resolve("frame-interval.png"), "Interval between " + s.stage() + " frames",
                "interval (ms)", "frame", last.frames().intervalEndSeconds(last.originMicros()),
                last.frames().intervalsMillis());
        report.plot("frame-interval.png", "frame interval over time, with its median");
        List<String> names = new ArrayList<>();
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            names.add("run " + (i + 1));
            samples.add(results.get(i).frames().latenciesMillis());
        }
        Plots.cdf(report.dir().resolve("latency-cdf.png"), "Capture → " + s.stage() + " latency", "latency (ms)", names,
                samples);
        report.plot("latency-cdf.png", "latency CDF");
        Plots.lines(report.dir().resolve("fps.png"), "Decoded frames per second", "time (s)", "fps",
                List.of(new Plots.Line("decoded", last.fpsSeconds(), last.fpsDecoded())));
        report.plot("fps.png", "fps over time (warm-up included)");
        return summary;
    }

    @SuppressWarnings("unchecked")
    static List<List<Object>> rows(Map<String, Object> summary) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            Map<String, Object> m = (Map<String, Object>) e.getValue();
            rows.add(List.of(e.getKey(), m.get("median"), m.get("min"), m.get("max")));
        }
        return rows;
    }
}
