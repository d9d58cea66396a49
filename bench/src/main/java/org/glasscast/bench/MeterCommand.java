package org.glasscast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code glasscast bench meter}: the outside A/V meter read against flashes and beeps made at known times. */
@Command(name = "meter", mixinStandardHelpOptions = true,
        description = "Calibrate the outside A/V meter (x11grab of the screen, the PulseAudio sink's monitor, both on"
                + " the wall clock): flash a private Xvfb white and play beeps into a null sink at known times,"
                + " and report what the meter reads minus the truth.")
public final class MeterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--grab-fps", paramLabel = "N", defaultValue = "" + AvMeter.DEFAULT_GRAB_FPS,
            description = "screen grabs per second (default ${DEFAULT-VALUE})")
    int grabFps;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        double seconds = options.seconds(25, 5);
        Report report = Report.create(options.out, "meter", "./glasscast bench meter --seconds "
                + Report.format(seconds) + " --runs " + options.runs() + " --grab-fps " + grabFps);
        System.out.println("bench meter: " + options.runs() + " run(s) of " + Report.format(seconds) + " marks → "
                + report.dir());
        run(report, seconds, options.runs(), grabFps);
        report.write();
        System.out.println("bench meter: " + report.dir().resolve("report.md"));
        return 0;
    }

    static Map<String, Object> run(Report report, double seconds, int runs, int grabFps) throws Exception {
        List<Map<String, Double>> perRun = new ArrayList<>();
        List<MeterCalibration.Mark> last = List.of();
        for (int i = 1; i <= runs; i++) {
            Path dir = report.dir().resolve("run-" + i);
            Files.createDirectories(dir);
            List<MeterCalibration.Mark> marks = MeterCalibration.run(dir, seconds, grabFps, System.out);
            if (marks.isEmpty()) {
                throw new java.io.IOException("the meter found none of the known flashes and beeps; see " + dir);
            }
            Map<String, Double> f = MeterCalibration.figures(marks);
            perRun.add(f);
            last = marks;
            System.out.printf(Locale.ROOT, "  %d seconds: picture error %.1f ms (worst %.1f .. %.1f), sound error"
                            + " %.1f ms (worst %.1f .. %.1f), A/V error %.1f ms (%.1f .. %.1f), grab gap %.1f ms%n",
                    marks.size(), f.get("video_error_p50_ms"), f.get("video_error_min_ms"), f.get("video_error_max_ms"),
                    f.get("audio_error_p50_ms"), f.get("audio_error_min_ms"), f.get("audio_error_max_ms"),
                    f.get("av_error_p50_ms"), f.get("av_error_min_ms"), f.get("av_error_max_ms"),
                    f.get("grab_gap_p50_ms"));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String key : perRun.get(0).keySet()) {
            summary.put(key, Figures.summary(perRun.stream().map(m -> m.get(key)).toList()));
        }
        report.put("settings", Map.of("seconds", seconds, "runs", runs, "grab_fps", grabFps));
        report.put("figures", summary);
        List<Map<String, Object>> perSecond = new ArrayList<>();
        for (MeterCalibration.Mark m : last) {
            perSecond.add(Map.of("second", m.second(), "video_error_ms", m.videoErrorMillis(),
                    "audio_error_ms", m.audioErrorMillis(), "av_error_ms", m.avErrorMillis(),
                    "grab_gap_ms", m.grabGap() / 1000));
        }
        report.put("last_run_per_second", perSecond);
        report.text("The outside A/V meter (`AvMeter`: ffmpeg x11grab of a small screen region at " + grabFps
                + " grabs/s and ffmpeg's PulseAudio input on the null sink's monitor, both with wall-clock"
                + " timestamps) read against marks made at known times: a private Xvfb's root window painted white at"
                + " every whole second (Xlib; the time before the request and after XSync bracket the change), and a"
                + " 1 kHz beep played into the null sink (libpulse-simple, 20 ms buffer) whose play time is PulseAudio's"
                + " own account (its latency report after each write). Error = what the meter read − the truth,"
                + " positive when the meter reads late; the A/V error is the error of sound − picture. A flash is"
                + " placed midway between the grabs around it, so its error lies within ± half the grab gap.");
        report.text("");
        report.table(List.of("figure", "median", "min", "max"), LoopbackCommand.rows(summary));
        Plots.lines(report.dir().resolve("meter-error.png"), "Meter error at each second (last run)", "second",
                "meter − truth (ms)", List.of(
                        new Plots.Line("picture", seconds(last), last.stream()
                                .mapToDouble(MeterCalibration.Mark::videoErrorMillis).toArray(), true),
                        new Plots.Line("sound", seconds(last), last.stream()
                                .mapToDouble(MeterCalibration.Mark::audioErrorMillis).toArray(), true),
                        new Plots.Line("A/V", seconds(last), last.stream()
                                .mapToDouble(MeterCalibration.Mark::avErrorMillis).toArray(), true)));
        report.plot("meter-error.png", "meter error per second, last run");
        return summary;
    }

    private static double[] seconds(List<MeterCalibration.Mark> marks) {
        long first = marks.isEmpty() ? 0 : marks.get(0).second();
        return marks.stream().mapToDouble(m -> m.second() - first).toArray();
    }
}
