package org.glasscast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PulseAudio daemon with one null sink, for the bench and the tests: what a desktop
 * with a sound card is to a viewer (OpenAL Soft finds it and plays into the sink), on a machine
 * without one. The daemon lives in temporary folders of its own ({@code XDG_RUNTIME_DIR},
 * {@code XDG_CONFIG_HOME}, {@code HOME}), is started as
 * {@code pulseaudio --daemonize=yes --exit-idle-time=-1 -n -F SCRIPT} with a script that loads
 * only {@code module-native-protocol-unix} and {@code module-null-sink} (48 kHz stereo, the
 * default sink), and is ready when its socket exists. A process is sent to it with
 * {@link #environment()} (PULSE_SERVER and XDG_RUNTIME_DIR); what the sink plays is recorded
 * from {@link #monitor()} ({@code ffmpeg -f pulse -i SINK.monitor}).
 *
 * <p>PulseAudio missing is a failure, not a skip: {@code ./glasscast test} installs it. Closing
 * ends this daemon only ({@code pulseaudio --kill} with its own runtime folder, then its pid) and
 * removes the folders. As {@link org.glasscast.sender.source.screen.Xvfb} is for a display.
 */
public final class PulseAudio implements AutoCloseable {
    /** The null sink's name: its monitor source is {@code glasscast.monitor}. */
    public static final String SINK = "glasscast";
    public static final int RATE = 48_000;

    private final Path root;
    private final Path runtime;
    private final long pid;

    private PulseAudio(Path root, Path runtime, long pid) {
        this.root = root;
        this.runtime = runtime;
        this.pid = pid;
    }

    /** Starts a daemon with its null sink; throws when pulseaudio is missing or does not come up in 10 s. */
    public static PulseAudio start() throws IOException, InterruptedException {
        String executable = executable();
        Path root = Files.createTempDirectory("glasscast-pulse-");
        Path runtime = root.resolve("run");
        try {
            // the daemon refuses a runtime folder others can read
            Files.createDirectory(runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(root.resolve("config"));
            Files.createDirectories(root.resolve("home"));
            Path script = Files.writeString(root.resolve("default.pa"), String.join("\n",
                    "load-module module-native-protocol-unix auth-anonymous=1",
                    "load-module module-null-sink sink_name=" + SINK + " rate=" + RATE + " channels=2"
                            + " sink_properties=device.description=glasscast-null-sink",
                    "set-default-sink " + SINK, ""));
            Path log = root.resolve("pulseaudio.log");
            Process p = builder(root, runtime, List.of(executable, "--daemonize=yes", "--exit-idle-time=-1", "-n",
                    "-F", script.toString(), "--log-target=file:" + log))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("pulseaudio did not daemonize in 20 s");
            }
            Path socket = runtime.resolve("pulse/native");
            Path pidFile = runtime.resolve("pulse/pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(Files.exists(socket) && Files.exists(pidFile)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!Files.exists(socket) || !Files.exists(pidFile)) {
                throw new IOException("pulseaudio did not start (exit " + p.exitValue() + "): " + tail(log));
            }
            return new PulseAudio(root, runtime, Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            kill(root, runtime, -1);
            throw e;
        }
    }

    /** The null sink's monitor: what the sink plays, as a capture source. */
    public String monitor() {
        return SINK + ".monitor";
    }

    /** {@code unix:/…/pulse/native}. */
    public String server() {
        return "unix:" + runtime.resolve("pulse/native");
    }

    /**
     * What a process needs to play into this daemon's sink and record its monitor: PULSE_SERVER and
     * XDG_RUNTIME_DIR (OpenAL Soft and libpulse find the server through them).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PULSE_SERVER", server());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        return env;
    }

    /** Adds {@link #environment()} to a process about to start. */
    public ProcessBuilder applyTo(ProcessBuilder builder) {
        builder.environment().putAll(environment());
        return builder;
    }

    /** The daemon's process id. */
    public long pid() {
        return pid;
    }

    @Override
    public void close() throws InterruptedException {
        kill(root, runtime, pid);
    }

    private static void kill(Path root, Path runtime, long pid) throws InterruptedException {
        try {
            Process k = builder(root, runtime, List.of(executable(), "--kill")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | IllegalStateException e) {
            // fall through to the pid
        }
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> {
                if (h.info().command().map(c -> c.endsWith("pulseaudio")).orElse(false)) {
                    h.destroy();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    private static ProcessBuilder builder(Path root, Path runtime, List<String> command) {
        ProcessBuilder b = new ProcessBuilder(new ArrayList<>(command));
        b.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        b.environment().put("XDG_CONFIG_HOME", root.resolve("config").toString());
        b.environment().put("HOME", root.resolve("home").toString());
        b.environment().remove("PULSE_SERVER");
        return b;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String executable() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin" : path + ":/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "pulseaudio");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("pulseaudio not found on PATH: apt-get install pulseaudio pulseaudio-utils,"
                + " or run ./glasscast test which installs it");
    }
}
