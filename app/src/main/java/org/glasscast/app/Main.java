package org.glasscast.app;

import java.io.PrintWriter;
import org.glasscast.app.cli.DemoCommand;
import org.glasscast.app.cli.DevicesCommand;
import org.glasscast.app.cli.FfmpegLog;
import org.glasscast.app.cli.SendCommand;
import org.glasscast.app.cli.ViewCommand;
import org.glasscast.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code glasscast} command. Exit codes: 0 done, 1 runtime failure (named in one line),
 * 2 bad usage (message and usage).
 */
@Command(name = "glasscast", mixinStandardHelpOptions = true, version = "glasscast 0.1.0",
        description = "Live screen/camera streaming over standard RTSP/RTP/SDP.",
        subcommands = {SendCommand.class, ViewCommand.class, DemoCommand.class, DevicesCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'glasscast test' (the launcher) to install test prerequisites and run every test."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        FfmpegLog.preloadFor(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("glasscast: " + ex.getMessage());
            c.usage(c.getErr());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("glasscast: " + oneLine(ex));
            return 1;
        });
        return cl.execute(args);
    }

    private static String oneLine(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.io.UncheckedIOException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (send, view, demo, devices)");
    }
}
