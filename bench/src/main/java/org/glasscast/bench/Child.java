package org.glasscast.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process a scenario runs (our sender or viewer, ffmpeg), measured from outside through
 * {@code /proc}: CPU seconds (user + system) and peak resident memory (VmHWM). Its output goes
 * to {@code NAME.log} in the run's folder.
 */
final class Child implements AutoCloseable {
    /** USER_HZ: the unit of utime/stime in /proc/PID/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final String name;
    private final Process process;
    private final Path log;
    private long peakRssKb;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Child start(String name, List<String> command, Path dir, Map<String, String> env) throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        try {
            return new Child(name, pb.start(), log);
        } catch (IOException e) {
            throw new IOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** A process started elsewhere (its standard streams are the caller's), measured the same way. */
    static Child adopt(String name, Process process, Path log) {
        return new Child(name, process, log);
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    /** CPU time used so far (user + system, all threads), in seconds; the last value once it has exited. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sampleRss();
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (NoSuchFileException e) {
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The largest resident set seen (VmHWM), in MiB. */
    double peakRssMiB() {
        sampleRss();
        return peakRssKb / 1024.0;
    }

    private void sampleRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    peakRssKb = Math.max(peakRssKb, kb);
                }
            }
        } catch (IOException e) {
            // exited: keep the last value
        }
    }

    /** Waits until its output contains {@code text}; false on time-out or exit. */
    boolean awaitOutput(String text, double seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(50);
        }
        return false;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The last lines of its output, for an error message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM, then SIGKILL after {@code seconds}; the exit code. */
    int stop(double seconds) throws InterruptedException {
        sampleRss();
        process.destroy();
        if (!process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(5);
        }
    }
}
