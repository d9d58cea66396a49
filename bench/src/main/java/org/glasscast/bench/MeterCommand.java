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

    /** Long enough that a busy machine does not starve the known beeps (an underrun moves them). */
    static final int DEFAULT_BUFFER_MS = 80;

    @Option(names = "--buffer-ms", paramLabel = "MS", defaultValue = "" + DEFAULT_BUFFER_MS,
            description = "the known beeps' PulseAudio buffer (default ${DEFAULT-VALUE})")
    int bufferMillis;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        double seconds = options.seconds(25, 5);
        Report report = Report.create(options.out, "meter", "./glasscast bench meter --seconds "
                + Report.format(seconds) + " --runs " + options.runs() + " --grab-fps " + grabFps + " --buffer-ms "
                + bufferMillis);
        System.out.println("bench meter: " + options.runs() + " run(s) of " + Report.format(seconds) + " marks → "
                + report.dir());
        if (bufferMillis < 5 || bufferMillis > 2000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--buffer-ms " + bufferMillis + " is outside 5..2000");
        }
        run(report, seconds, options.runs(), grabFps, bufferMillis);
        report.write();
        System.out.println("bench meter: " + report.dir().resolve("report.md"));
        return 0;
    }

    static Map<String, Object> run(Report report, double seconds, int runs, int grabFps, int bufferMillis)
            throws Exception {
        List<Map<String, Double>> perRun = new ArrayList<>();
        List<MeterCalibration.Mark> last = List.of();
        for (int i = 1; i <= runs; i++) {
            Path dir = report.dir().resolve("run-" + i);
            Files.createDirectories(dir);
            List<MeterCalibration.Mark> marks = MeterCalibration.run(dir, seconds, grabFps, bufferMillis,
                    System.out);
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
        report.put("settings", Map.of("seconds", seconds, "runs", runs, "grab_fps", grabFps, "buffer_ms", bufferMillis));
        report.put("figures", summary);
        List<Map<String, Object>> perSecond = new ArrayList<>();
        for (MeterCalibration.Mark m : last) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", m.second());
            row.put("video_error_ms", m.videoErrorMillis());
            row.put("audio_error_ms", m.audioErrorMillis());
            row.put("av_error_ms", m.avErrorMillis());
            row.put("grab_gap_ms", m.grabGap() / 1000);
            row.put("true_flash_us", m.trueFlash());
            row.put("meter_flash_us", m.meterFlash());
            row.put("true_beep_us", m.trueBeep());
            row.put("meter_beep_us", m.meterBeep());
            perSecond.add(row);
        }
        report.put("last_run_per_second", perSecond);
        report.text("The outside A/V meter (`AvMeter`: ffmpeg x11grab of a small screen region at " + grabFps
                + " grabs/s and ffmpeg's PulseAudio input on the null sink's monitor, both with wall-clock"
                + " timestamps) read against marks made at known times: a private Xvfb's root window painted white at"
                + " every whole second (Xlib; the time before the request and after XSync bracket the change), and a"
                + " 1 kHz beep played into the null sink (libpulse-simple, " + bufferMillis + " ms buffer) whose play time"
                + " is PulseAudio's"
                + " own account (its latency reports after each write, until the beep played; a beep whose reports"
                + " disagree by over 2 ms, an underrun, is left out). Error = what the meter read − the truth,"
                + " positive when the meter reads late; the A/V error is the error of sound − picture. A flash is"
                + " placed midway between the grabs around it, so its error lies within ± half the grab gap. The"
                + " meter reads the monitor in 5 ms fragments, which keeps the null sink rendering in 5 ms steps"
                + " (its configured latency is in the log line): when a player alone set it to 20 ms steps, the"
                + " meter read beeps about 16 ms later than PulseAudio's playback account (+5/+10/+16/+31 ms at"
                + " 10/15/20/40 ms), an artifact of the null sink's stepwise clock; with a pipe sink drained in real"
                + " time by a 1 ms-step reader (a sound card's smooth clock), meter, playback account and reader"
                + " agreed within ~1 ms at sink latencies of 3–300 ms.");
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
