package org.glasscast.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code glasscast bench all}: every scenario in turn, each into its own folder. With
 * {@code --quick} a smoke check of a couple of minutes (small sizes, short runs, once), which
 * {@code ./glasscast test} runs to see that every scenario still runs and writes its files.
 */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Every scenario in turn (loopback headless and in the window, the outside A/V meter's"
                + " calibration, baseline, raw, capture, avsync, startup, micro); --quick for a short smoke run.")
public final class AllCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        boolean quick = options.quick;
        int runs = options.runs();
        Path out = options.out;
        List<String> failed = new ArrayList<>();
        String flags = (quick ? " --quick" : "") + " --runs " + runs;

        Loopback.Settings loop = quick
                ? new Loopback.Settings(640, 360, 30, options.seconds(30, 4), 1, "h264", 0, true)
                : new Loopback.Settings(1920, 1080, 30, options.seconds(30, 4), 3, "h264", 0, true);
        step(failed, "loopback", () -> {
            Report r = Report.create(out, "loopback", "./glasscast bench loopback --size " + loop.size() + " --fps "
                    + loop.fps() + " --seconds " + Report.format(loop.seconds()) + flags);
            LoopbackCommand.run(r, loop, runs);
            r.write();
        });
        // the window as a user runs it (sound on through PulseAudio, vsync on); the full run adds the easier rows
        Loopback.Settings shown = new Loopback.Settings(quick ? 640 : 1280, quick ? 360 : 720, 30, loop.seconds(),
                loop.warmupSeconds(), "h264", 0, true);
        List<Loopback.WindowVariant> rows = quick ? List.of(Loopback.WindowVariant.DEFAULT)
                : List.of(Loopback.WindowVariant.values());
        step(failed, "window", () -> {
            Report r = Report.create(out, "loopback-window", "./glasscast bench loopback --window --size " + shown.size()
                    + " --fps " + shown.fps() + " --seconds " + Report.format(shown.seconds()) + flags
                    + (quick ? " --variants default" : ""));
            LoopbackCommand.runWindow(r, shown, rows, runs);
            r.write();
        });
        step(failed, "meter", () -> {
            double seconds = options.seconds(25, 4);
            Report r = Report.create(out, "meter", "./glasscast bench meter --seconds " + Report.format(seconds) + flags);
            MeterCommand.run(r, seconds, runs, AvMeter.DEFAULT_GRAB_FPS, MeterCommand.DEFAULT_BUFFER_MS);
            r.write();
        });
        Loopback.Settings base = new Loopback.Settings(loop.width(), loop.height(), loop.fps(), loop.seconds(),
                loop.warmupSeconds(), "h264", 0, false);
        step(failed, "baseline", () -> {
            Report r = Report.create(out, "baseline", "./glasscast bench baseline --size " + base.size() + " --fps "
                    + base.fps() + " --seconds " + Report.format(base.seconds()) + flags);
            BaselineCommand.run(r, base, runs);
            r.write();
        });
        step(failed, "raw", () -> {
            List<Integer> rates = RawCommand.defaultRates(160, 120, quick);
            double seconds = options.seconds(10, 3);
            Report r = Report.create(out, "raw", "./glasscast bench raw --size 160x120 --rates "
                    + rates.toString().replaceAll("[\\[\\] ]", "") + " --seconds " + Report.format(seconds) + flags);
            RawCommand.run(r, 160, 120, rates, seconds, runs, quick);
            r.write();
        });
        step(failed, "capture", () -> {
            double seconds = options.seconds(5, 1);
            Report r = Report.create(out, "capture", "./glasscast bench capture --size 1920x1080 --seconds "
                    + Report.format(seconds) + flags);
            CaptureCommand.run(r, 1920, 1080, seconds, runs);
            r.write();
        });
        step(failed, "avsync", () -> {
            double seconds = options.seconds(600, 10);
            Report r = Report.create(out, "avsync", "./glasscast bench avsync --seconds " + Report.format(seconds)
                    + flags);
            AvSyncCommand.run(r, seconds, runs);
            r.write();
        });
        step(failed, "startup", () -> {
            Startup.Settings s = new Startup.Settings(1280, 720, 30, StartupCommand.runs(options), !quick);
            Report r = Report.create(out, "startup", "./glasscast bench startup --runs " + s.runs()
                    + (quick ? " --quick" : ""));
            StartupCommand.run(r, s);
            r.write();
        });
        step(failed, "micro", () -> {
            Report r = Report.create(out, "micro", "./glasscast bench micro" + (quick ? " --quick" : ""));
            MicroCommand.run(r, quick);
            r.write();
        });
        if (!failed.isEmpty()) {
            System.err.println("glasscast: bench scenarios failed: " + String.join(", ", failed));
            return 1;
        }
        System.out.println("bench all: done, results under " + out);
        return 0;
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs one scenario; a failure is reported in one line and the others still run. */
    private static void step(List<String> failed, String name, Step step) {
        System.out.println("bench " + name + ":");
        try {
            step.run();
        } catch (Exception e) {
            failed.add(name);
            System.err.println("bench " + name + " failed: " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }
}
