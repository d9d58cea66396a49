package org.glasscast.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options every long-running command takes: how long, where the stats go, how chatty. */
public final class RunOptions {
    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
            description = "stop after S seconds (default 0: run until Ctrl-C or SIGTERM)")
    double duration;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "write stats as JSON every second and at exit")
    Path statsJson;

    @Option(names = "--quiet", description = "no per-second status line")
    boolean quiet;

    @Option(names = "--verbose", description = "FFmpeg's own log and glasscast's debug lines on standard error")
    boolean verbose;

    /** The longest --duration: a year. */
    static final double MAX_DURATION = 31_536_000;

    void validate(CommandSpec spec) {
        checkDuration(spec, duration);
    }

    /** Every command's --duration: 0 runs until stopped; the range in one message. */
    static void checkDuration(CommandSpec spec, double seconds) {
        if (!(seconds >= 0 && seconds <= MAX_DURATION)) {
            throw new ParameterException(spec.commandLine(), "--duration " + number(seconds)
                    + " is outside 0..31536000 seconds (0 runs until stopped)");
        }
    }

    /** 10 s, 2.5 s: a number of seconds as the user wrote it. */
    static String seconds(double s) {
        return number(s) + " s";
    }

    /** 10, 2.5, -1: a number as the user wrote it (no "10.0"). */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
