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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code glasscast bench baseline}: ours against the ffmpeg CLI doing the same job, in one run. */
@Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The same source, size, fps and x264 settings through our sender/viewer and through Debian's"
                + " ffmpeg CLI (RTP on loopback, received with nobuffer), measured the same way; ratios ours/ffmpeg.")
public final class BaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1280x720", description = "default ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30", description = "default ${DEFAULT-VALUE}")
    int fps;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        int[] wh = BenchOptions.size(spec, size);
        if (fps < 1 || fps > 240) {
            throw new ParameterException(spec.commandLine(), "--fps must be 1..240");
        }
        Loopback.Settings s = new Loopback.Settings(wh[0], wh[1], fps, options.seconds(30, 5),
                options.quick ? 2 : 3, "h264", 0, false);
        Report report = Report.create(options.out, "baseline", "./glasscast bench baseline --size " + s.size()
                + " --fps " + fps + " --seconds " + Report.format(s.seconds()) + " --runs " + options.runs());
        System.out.println("bench baseline: " + s.size() + "@" + fps + ", ours and ffmpeg, " + options.runs()
                + " run(s) each → " + report.dir());
        run(report, s, options.runs());
        report.write();
        System.out.println("bench baseline: " + report.dir().resolve("report.md"));
        return 0;
    }

    static void run(Report report, Loopback.Settings s, int runs) throws Exception {
        List<Loopback.Run> ours = new ArrayList<>();
        List<Loopback.Run> theirs = new ArrayList<>();
        for (int i = 1; i <= runs; i++) { // alternate, so a noisy minute hurts both alike
            Path a = report.dir().resolve("ours-" + i);
            Path b = report.dir().resolve("ffmpeg-" + i);
            Files.createDirectories(a);
            Files.createDirectories(b);
            ours.add(Loopback.runOnce(a, s, System.out));
            theirs.add(Baseline.runOnce(b, s, System.out));
        }
        Map<String, Object> o = Loopback.summarize(ours);
        Map<String, Object> f = Loopback.summarize(theirs);
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (String key : List.of("sender_cpu_ms_per_frame", "viewer_cpu_ms_per_frame", "latency_p50_ms",
                "latency_p99_ms", "fps_decoded", "sender_peak_rss_mib", "viewer_peak_rss_mib")) {
            ratios.put(key, Loopback.median(o, key) / Loopback.median(f, key));
        }
        double oursTotal = Loopback.median(o, "sender_cpu_ms_per_frame") + Loopback.median(o, "viewer_cpu_ms_per_frame");
        double theirsTotal = Loopback.median(f, "sender_cpu_ms_per_frame") + Loopback.median(f, "viewer_cpu_ms_per_frame");
        ratios.put("total_cpu_ms_per_frame", oursTotal / theirsTotal);
        report.put("settings", Map.of("size", s.size(), "fps", s.fps(), "seconds", s.seconds(),
                "warmup_seconds", s.warmupSeconds(), "audio", "none"));
        report.put("ours", o);
        report.put("ffmpeg", f);
        report.put("ratio_ours_to_ffmpeg", ratios);
        report.text("Test pattern " + s.size() + " at " + s.fps() + " fps, video only, x264 ultrafast/zerolatency/"
                + "baseline, capped CRF 23, same VBV ceiling and keyframe interval on both sides; " + runs
                + " run(s) of " + Report.format(s.seconds()) + " s each after warm-up, alternating. ffmpeg: pattern"
                + " piped raw into `ffmpeg … -f rtp`, received by `ffmpeg -fflags nobuffer -flags low_delay`"
                + " into raw grey frames read by the bench. Medians:");
        report.text("");
        List<List<Object>> rows = new ArrayList<>();
        for (String key : o.keySet()) {
            double mo = Loopback.median(o, key);
            double mf = f.containsKey(key) ? Loopback.median(f, key) : Double.NaN;
            rows.add(List.of(key, mo, mf, mo / mf));
        }
        report.table(List.of("figure", "ours", "ffmpeg", "ours/ffmpeg"), rows);
        report.text("The bench draws ffmpeg's input pattern itself (not counted in ffmpeg's CPU); our sender draws"
                + " its own (counted).");
        report.text("");
        Plots.cdf(report.dir().resolve("latency-cdf.png"), "Capture → decoded latency, ours and ffmpeg",
                "latency (ms)", List.of("ours", "ffmpeg"), List.of(ours.get(ours.size() - 1).frames().latenciesMillis(),
                        theirs.get(theirs.size() - 1).frames().latenciesMillis()));
        report.plot("latency-cdf.png", "latency CDF, ours and ffmpeg (last run)");
        Loopback.Run lo = ours.get(ours.size() - 1);
        Loopback.Run lf = theirs.get(theirs.size() - 1);
        Plots.lines(report.dir().resolve("frame-interval.png"), "Interval between decoded frames", "time (s)",
                "interval (ms)", List.of(
                        new Plots.Line("ours", lo.frames().intervalEndSeconds(lo.originMicros()),
                                lo.frames().intervalsMillis(), true),
                        new Plots.Line("ffmpeg", lf.frames().intervalEndSeconds(lf.originMicros()),
                                lf.frames().intervalsMillis(), true)));
        report.plot("frame-interval.png", "frame intervals, ours and ffmpeg (last run)");
    }
}
