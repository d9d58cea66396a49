package org.glasscast.bench;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What every scenario takes: how long, how often, where the results go. */
public final class BenchOptions {
    @Option(names = "--seconds", paramLabel = "S", description = "measured seconds per run, after warm-up (default: scenario's)")
    Double seconds;

    @Option(names = "--runs", paramLabel = "N", description = "repeat each measurement N times; medians with min/max (default 3, 1 with --quick)")
    Integer runs;

    @Option(names = "--quick", description = "short runs, once: a smoke check, not figures to quote")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "where each scenario's folder is written (default ${DEFAULT-VALUE})")
    Path out;

    double seconds(double normal, double quick) {
        return seconds != null ? seconds : this.quick ? quick : normal;
    }

    int runs() {
        return runs != null ? runs : quick ? 1 : 3;
    }

    void validate(CommandSpec spec) {
        if (seconds != null && (seconds < 1 || seconds > 86_400)) {
            throw new ParameterException(spec.commandLine(), "--seconds " + seconds + " is outside 1..86400");
        }
        if (runs != null && (runs < 1 || runs > 100)) {
            throw new ParameterException(spec.commandLine(), "--runs " + runs + " is outside 1..100");
        }
    }

    /** Parses WxH: both even, at least 64x48. */
    static int[] size(CommandSpec spec, String value) {
        String[] p = value.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(p[0]);
            int h = Integer.parseInt(p[1]);
            if (p.length == 2 && w >= 64 && h >= 48 && w % 2 == 0 && h % 2 == 0 && w <= 7680 && h <= 4320) {
                return new int[] {w, h};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // fall through
        }
        throw new ParameterException(spec.commandLine(), "--size '" + value + "' is not an even size like 1280x720 (64x48 to 7680x4320)");
    }
}
