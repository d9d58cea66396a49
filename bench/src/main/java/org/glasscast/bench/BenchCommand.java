package org.glasscast.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code glasscast bench SCENARIO}: measurements as separate processes, written with plots to bench-results/. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure fps, latency, cost and sync; each scenario writes bench-results/SCENARIO-TIME/"
                + " with results.json, report.md and PNG plots.",
        subcommands = {LoopbackCommand.class, BaselineCommand.class, CaptureCommand.class, RawCommand.class, MicroCommand.class, AvSyncCommand.class, MeterCommand.class, StartupCommand.class, AllCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing scenario (loopback, baseline, raw, capture, avsync, meter, startup, all)");
    }
}
