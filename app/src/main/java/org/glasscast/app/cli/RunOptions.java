package org.glasscast.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options every long-running command takes: how long, where the stats go, how chatty. */
public final class RunOptions {
    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
            description = "stop after S seconds (default: run until Ctrl-C)")
    double duration;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "write stats as JSON every second and at exit")
    Path statsJson;

    @Option(names = "--quiet", description = "no per-second status line")
    boolean quiet;

    void validate(CommandSpec spec) {
        if (duration < 0 || duration > 31_536_000) {
            throw new ParameterException(spec.commandLine(), "--duration must be between 0 and one year of seconds");
        }
    }
}
