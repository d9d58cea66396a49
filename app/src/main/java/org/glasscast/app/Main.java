package org.glasscast.app;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.glasscast.app.cli.DemoCommand;
import org.glasscast.app.cli.DevicesCommand;
import org.glasscast.app.cli.FfmpegLog;
import org.glasscast.app.cli.Lifecycle;
import org.glasscast.app.cli.SendCommand;
import org.glasscast.app.cli.ViewCommand;
import org.glasscast.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code glasscast} command. Exit codes: 0 done (also when stopped by Ctrl-C or SIGTERM),
 * 1 runtime failure (named in one line), 2 bad usage (message and usage).
 */
@Command(name = "glasscast", mixinStandardHelpOptions = true, version = "glasscast 0.1.0",
        description = "Live screen/camera streaming over standard RTSP/RTP/SDP.",
        footer = {"", "Run 'glasscast test' (the launcher) to install test prerequisites and run every test."})
public final class Main implements Runnable {
    /** The commands, in the order usage lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("send", SendCommand::new);
        COMMANDS.put("view", ViewCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("devices", DevicesCommand::new);
        COMMANDS.put("bench", BenchCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Netty 4.2 records its buffer allocations as JFR events; their first use sets up JFR's event
        // machinery, 100+ ms in the RTSP handshake. Off unless asked for (-Dio.netty.jfr.enabled=true).
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        verboseIfAsked(args);
        FfmpegLog.preloadFor(args);
        Lifecycle.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * {@code --verbose}: FFmpeg's own log and glasscast's debug lines on standard error. Read here,
     * before the command line is parsed, because FFmpeg's libraries (and their log level) load
     * beside the parsing; the commands declare the option for their usage.
     */
    private static void verboseIfAsked(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return;
            }
            if (a.equals("--verbose")) {
                System.setProperty("glasscast.ffmpeg.verbose", "true");
                if (System.getProperty("glasscast.log") == null) {
                    System.setProperty("glasscast.log", "DEBUG");
                }
                return;
            }
        }
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        String named = args.length > 0 ? args[0] : "";
        if (COMMANDS.containsKey(named) && !named.equals("help")) {
            // only the command asked for: picocli's model of every command (bench's scenarios and all)
            // took about 100 ms of each start; usage, help and a mistyped command still see them all
            cl.addSubcommand(COMMANDS.get(named).get());
        } else {
            COMMANDS.values().forEach(c -> cl.addSubcommand(c.get()));
        }
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
