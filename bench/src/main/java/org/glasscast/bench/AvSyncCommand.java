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
import picocli.CommandLine.Spec;

/**
 * {@code glasscast bench avsync}: a recording of the test pattern and tone made by our viewer
 * ({@code view --record}), its A/V offset measured at every second from the file itself and its
 * drift over time. A Python recorder merging separately written sound and picture drifted about
 * 900 ms a minute.
 */
@Command(name = "avsync", mixinStandardHelpOptions = true,
        description = "Record the test pattern and tone with our viewer; measure the A/V offset at every second"
                + " of the recording (beep onset minus white flash) and its drift over time.")
public final class AvSyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        double seconds = options.seconds(600, 10);
        Report report = Report.create(options.out, "avsync", "./glasscast bench avsync --seconds "
                + Report.format(seconds) + " --runs " + options.runs());
        System.out.println("bench avsync: " + options.runs() + " recording(s) of " + Report.format(seconds) + " s → "
                + report.dir());
        run(report, seconds, options.runs());
        report.write();
        System.out.println("bench avsync: " + report.dir().resolve("report.md"));
        return 0;
    }

    static void run(Report report, double seconds, int runs) throws Exception {
        List<Double> medians = new ArrayList<>();
        List<Double> worst = new ArrayList<>();
        List<Double> drifts = new ArrayList<>();
        List<AvSync.Pair> last = List.of();
        for (int i = 1; i <= runs; i++) {
            Path dir = report.dir().resolve("run-" + i);
            Files.createDirectories(dir);
            Path file = dir.resolve("recording.mkv");
            record(dir, file, seconds);
            List<AvSync.Pair> pairs = AvSync.analyse(file);
            if (pairs.isEmpty()) {
                throw new java.io.IOException("no flash with its beep found in " + file);
            }
            double[] offsets = pairs.stream().mapToDouble(AvSync.Pair::offsetMillis).toArray();
            double median = Figures.median(offsets);
            double max = java.util.Arrays.stream(offsets).map(Math::abs).max().orElse(Double.NaN);
            double drift = AvSync.driftMillisPerMinute(pairs);
            medians.add(median);
            worst.add(max);
            drifts.add(drift);
            last = pairs;
            System.out.printf(java.util.Locale.ROOT, "  %d seconds matched: offset median %.1f ms, worst %.1f ms,"
                    + " drift %.2f ms/min%n", pairs.size(), median, max, drift);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offset_median_ms", Figures.summary(medians));
        figures.put("offset_worst_abs_ms", Figures.summary(worst));
        figures.put("drift_ms_per_minute", Figures.summary(drifts));
        report.put("settings", Map.of("seconds", seconds, "runs", runs, "size", "320x240", "fps", 30));
        report.put("figures", figures);
        List<Map<String, Object>> perSecond = new ArrayList<>();
        for (AvSync.Pair p : last) {
            perSecond.add(Map.of("flash_s", p.flashSeconds(), "beep_s", p.beepSeconds(), "offset_ms", p.offsetMillis()));
        }
        report.put("last_run_per_second", perSecond);
        report.text("`glasscast send` (test pattern 320x240 at 30 fps with its tone: a 1 kHz beep and a white flash at"
                + " every whole second of capture time) and `glasscast view --headless --record recording.mkv`, "
                + Report.format(seconds) + " s, " + runs + " run(s). Offsets read from the file with Debian's ffmpeg:"
                + " beep onset minus flash frame, at each second (positive: sound later). The flash is on the first"
                + " frame of each second, so it reads 0–33 ms late at 30 fps (a constant bias, not drift).");
        report.text("");
        report.table(List.of("figure", "median", "min", "max"), LoopbackCommand.rows(figures));
        report.text("For comparison, a Python recorder that writes sound and picture to separate files and merges"
                + " them drifted about 900 ms a minute.");
        report.text("");
        Plots.lines(report.dir().resolve("av-offset.png"), "A/V offset in the recording", "time in the file (s)",
                "beep − flash (ms)", List.of(new Plots.Line("offset",
                        last.stream().mapToDouble(AvSync.Pair::flashSeconds).toArray(),
                        last.stream().mapToDouble(AvSync.Pair::offsetMillis).toArray(), true)));
        report.plot("av-offset.png", "A/V offset at each second of the recording (last run)");
    }

    private static void record(Path dir, Path file, double seconds) throws Exception {
        int port = Loopback.freePort();
        try (Child sender = Child.start("sender", Glasscast.command(List.of(), "send", "--source", "test", "--size",
                "320x240", "--fps", "30", "--audio", "test", "--listen", "127.0.0.1:" + port, "--quiet"), dir,
                Map.of())) {
            if (!sender.awaitOutput("send: serving", 60)) {
                throw new java.io.IOException("the sender did not start: " + sender.tail());
            }
            try (Child viewer = Child.start("viewer", Glasscast.command(List.of(), "view",
                    "rtsp://127.0.0.1:" + port + "/live", "--headless", "--record", file.toString(), "--duration",
                    Double.toString(seconds), "--quiet"), dir, Map.of())) {
                if (!viewer.process().waitFor((long) seconds + 120, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new java.io.IOException("the viewer did not end: " + viewer.tail());
                }
                if (viewer.process().exitValue() != 0) {
                    throw new java.io.IOException("the viewer failed: " + viewer.tail());
                }
            }
        }
    }
}
