package org.glasscast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
                + " capture-to-decoded latency from the burned-in code, bit rate, CPU per frame, peak memory.")
public final class LoopbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StreamOptions stream;

    @Option(names = "--window", description = "show the stream in the viewer's window on a private Xvfb (Mesa, no vsync):"
            + " fps and latency are then measured as displayed")
    boolean window;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        Loopback.Settings s = window ? stream.settings(spec, options, true).withWindow()
                : stream.settings(spec, options, true);
        Report report = Report.create(options.out, s.window() ? "window" : "loopback",
                "./glasscast bench loopback --size " + s.size()
                + " --fps " + s.fps() + (window ? " --window" : "") + " --seconds " + Report.format(s.seconds())
                + " --runs " + options.runs());
        System.out.println("bench loopback: " + s.size() + "@" + s.fps() + ", " + options.runs() + " run(s) of "
                + Report.format(s.seconds()) + " s after " + Report.format(s.warmupSeconds()) + " s warm-up → "
                + report.dir());
        run(report, s, options.runs());
        report.write();
        System.out.println("bench loopback: " + report.dir().resolve("report.md"));
        return 0;
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
                + (s.window() ? " (the viewer's window on a private Xvfb with Mesa's llvmpipe, no vsync)." : " (headless)."));
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
