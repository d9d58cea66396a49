package org.glasscast.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glasscast.bench.Glasscast;

/** A child process of a test (our CLI in its own JVM, or a peer such as ffmpeg), output kept in files. */
final class Proc implements AutoCloseable {
    final Process process;
    final Path stdout;
    final Path stderr;

    private Proc(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Proc start(Path dir, String name, List<String> command) throws IOException {
        return start(dir, name, command, java.util.Map.of());
    }

    /** With environment changes: a null value removes the variable. */
    static Proc start(Path dir, String name, List<String> command, java.util.Map<String, String> env) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder b = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        env.forEach((k, v) -> {
            if (v == null) {
                b.environment().remove(k);
            } else {
                b.environment().put(k, v);
            }
        });
        return new Proc(b.start(), out, err);
    }

    /** Our CLI, as the launcher runs it: the packaged classes and the runtime jars (after mvn package). */
    static Proc glasscast(Path dir, String name, String... args) throws IOException {
        return glasscastWithEnv(dir, name, java.util.Map.of(), args);
    }

    static Proc glasscastWithEnv(Path dir, String name, java.util.Map<String, String> env, String... args)
            throws IOException {
        return glasscastWithEnv(dir, name, env, List.of(), args);
    }

    /** With JVM options such as {@code -Dglasscast.displayLog=FILE} before the main class. */
    static Proc glasscastWithEnv(Path dir, String name, java.util.Map<String, String> env, List<String> jvmOptions,
                                 String... args) throws IOException {
        return start(dir, name, glasscastCommand(jvmOptions, args), env);
    }

    /**
     * The launcher's command line: its JVM options, the packaged jar and the runtime jars, and its
     * class-data archive, which the launcher itself builds when it is missing or stale ({@code
     * ./glasscast cds}, once per test run), so the tests start the CLI as users do.
     */
    static List<String> glasscastCommand(String... args) {
        return glasscastCommand(List.of(), args);
    }

    static List<String> glasscastCommand(List<String> jvmOptions, String... args) {
        return Glasscast.command(classPath(), classDataArchive(), jvmOptions, args);
    }

    /** The launcher's class path: the packaged jar and the runtime jars. */
    static String classPath() {
        Path target = Path.of("target").toAbsolutePath();
        return target.resolve("glasscast-app.jar") + java.io.File.pathSeparator + target.resolve("lib") + "/*";
    }

    /** A class of ours with a main of its own (a probe, the impairment stage) in a small JVM of its own. */
    static List<String> javaCommand(String mainClass, String... args) {
        List<String> c = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx96m", "-cp", classPath(), mainClass));
        c.addAll(List.of(args));
        return c;
    }

    /** This JVM's java. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Path archive;

    /** The launcher's archive after {@code ./glasscast cds}; null when it has none (the CLI then starts without). */
    static synchronized Path classDataArchive() {
        if (archive == null) {
            Path launcher = Path.of("..", "glasscast").toAbsolutePath().normalize();
            try {
                Process p = new ProcessBuilder(launcher.toString(), "cds").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                // no archive: the processes start as without one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            archive = Path.of("target", "glasscast.jsa").toAbsolutePath();
        }
        return Files.isRegularFile(archive) ? archive : null;
    }

    /** Waits for exit; fails the test when it takes longer than the limit. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not end within " + seconds + " s; stderr:\n" + err());
        }
        return process.exitValue();
    }

    /** Waits until stdout has a line containing {@code text}. */
    void awaitOutput(String text, long seconds) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (out().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("process ended (" + process.exitValue() + ") before printing '" + text
                        + "'; stdout:\n" + out() + "\nstderr:\n" + err());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' within " + seconds + " s; stderr:\n" + err());
    }

    String out() throws IOException {
        return Files.readString(stdout);
    }

    String err() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM, as Ctrl-C or a service manager would stop it; waits for the exit code. */
    int stop(long seconds) throws InterruptedException {
        process.destroy();
        return waitFor(seconds);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An even UDP port with its odd neighbour free too (RTP + RTCP), and the next pair for audio. */
    static int freeUdpPortQuad() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000);
            List<java.net.DatagramSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(new java.net.DatagramSocket(base + i));
                }
                return base;
            } catch (java.net.SocketException taken) {
                // try another
            } finally {
                held.forEach(java.net.DatagramSocket::close);
            }
        }
        throw new IOException("no free UDP ports");
    }
}
