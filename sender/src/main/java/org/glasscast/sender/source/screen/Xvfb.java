package org.glasscast.sender.source.screen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private virtual X server, for the tests and the bench: {@code Xvfb :N -screen 0 WxHx24
 * -nolisten tcp -noreset} on the first free display number from :90, ready when its socket exists.
 * {@code -noreset}: an X server resets when its last client leaves, and refuses connections while
 * it does, so a window opened just after another one closed could find no display. Xvfb missing
 * is a failure, not a skip: {@code ./glasscast test} installs it.
 */
public final class Xvfb implements AutoCloseable {
    private static final Path SOCKETS = Path.of("/tmp/.X11-unix");
    private final Process process;
    private final String display;

    private Xvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    /** Starts Xvfb at {@code width x height x 24}, with extra arguments such as {@code -extension MIT-SHM} (to disable it). */
    public static Xvfb start(int width, int height, String... extraArguments) throws IOException, InterruptedException {
        String executable = executable();
        for (int n = 90; n < 200; n++) {
            if (Files.exists(SOCKETS.resolve("X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            List<String> command = new ArrayList<>(List.of(executable, ":" + n, "-screen", "0",
                    width + "x" + height + "x24", "-nolisten", "tcp", "-noreset"));
            command.addAll(List.of(extraArguments));
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isAlive() && !ours(p, n) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (p.isAlive() && ours(p, n)) {
                return new Xvfb(p, ":" + n);
            }
            p.destroyForcibly().waitFor(); // lost a race for :n, or did not come up: try the next
        }
        throw new IllegalStateException("Xvfb did not start on any display :90..:199");
    }

    /** Whether display {@code n} is up and served by {@code p}: its socket exists and its lock file holds p's pid. */
    private static boolean ours(Process p, int n) {
        try {
            return Files.exists(SOCKETS.resolve("X" + n))
                    && Files.readString(Path.of("/tmp/.X" + n + "-lock")).trim().equals(Long.toString(p.pid()));
        } catch (IOException e) {
            return false; // lock not written yet
        }
    }

    private static String executable() {
        if (Files.isExecutable(Path.of("/usr/bin/Xvfb"))) {
            return "/usr/bin/Xvfb";
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir, "Xvfb");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("Xvfb not found (/usr/bin/Xvfb or on PATH): apt-get install xvfb,"
                + " or run ./glasscast test which installs it");
    }

    /** The server's process (to measure what it costs). */
    public Process process() {
        return process;
    }

    /** {@code :90}. */
    public String display() {
        return display;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
