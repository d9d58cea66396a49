package org.glasscast.app;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glasscast.sender.source.screen.Xvfb;

/**
 * The class-data archive (AppCDS) the launcher keeps next to the jars for a fast start: the
 * classes a run loads, already parsed, verified and laid out, mapped from one file at start
 * instead of read and checked class by class from the jars (Java 17: a training run with
 * {@code -XX:ArchiveClassesAtExit}, then every run with {@code -XX:SharedArchiveFile}).
 *
 * <ul>
 * <li>{@code build ARCHIVE [JVM OPTION...]}: records a training run, in a JVM of its own with
 * those options and this one's class path, into ARCHIVE (replaced atomically). Without an
 * archive, {@code ARCHIVE.failed} says why, and the launcher does not try again until the jars
 * change. Its output goes to {@code ARCHIVE.log}.</li>
 * <li>{@code train}: the training run: what users run, briefly. Every command's help, a sender
 * (test pattern and tone) and a headless viewer on loopback and, on the private Xvfb the
 * builder starts when Xvfb is installed, the viewer's window. Nothing is shown to the user.</li>
 * </ul>
 * A failure to build never stops a run: the launcher runs without the archive.
 */
public final class ClassDataArchive {
    /** The whole training run at most; it normally takes a few seconds. */
    private static final long BUILD_TIMEOUT_SECONDS = 120;
    private static final String TRAINING_SECONDS = "1.5";

    private ClassDataArchive() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("build")) {
            List<String> options = List.of(args).subList(2, args.length);
            System.exit(build(Path.of(args[1]), options) ? 0 : 1);
        } else if (args.length == 1 && args[0].equals("train")) {
            train();
            System.exit(0);
        } else {
            System.err.println("usage: ClassDataArchive build ARCHIVE [JVM OPTION...] | train");
            System.exit(2);
        }
    }

    /** The file that says the last build of {@code archive} failed, and why. */
    public static Path failedMarker(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".failed");
    }

    /** Runs the training in a JVM of its own and keeps what it recorded; false (and the marker) on failure. */
    static boolean build(Path archive, List<String> jvmOptions) throws IOException, InterruptedException {
        Path dir = archive.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Path log = dir.resolve(archive.getFileName() + ".log");
        Files.deleteIfExists(failedMarker(archive));
        Files.deleteIfExists(tmp);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home")
                + File.separator + "bin" + File.separator + "java"));
        command.addAll(jvmOptions);
        command.add("-XX:ArchiveClassesAtExit=" + tmp);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClassDataArchive.class.getName());
        command.add("train");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().remove("DISPLAY"); // never the user's screen: a private one, or no window
        Xvfb display = privateDisplay();
        String outcome;
        try {
            if (display != null) {
                pb.environment().put("DISPLAY", display.display());
            }
            Process p = pb.start();
            if (!p.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                outcome = "the training run took longer than " + BUILD_TIMEOUT_SECONDS + " s";
            } else if (Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                move(tmp, archive);
                return true;
            } else {
                outcome = "the training run (exit code " + p.exitValue() + ") wrote no archive";
            }
        } catch (IOException e) {
            outcome = "cannot run the training: " + e.getMessage();
        } finally {
            Files.deleteIfExists(tmp);
            if (display != null) {
                display.close();
            }
        }
        Files.writeString(failedMarker(archive), outcome + "; see " + log + "\n", StandardCharsets.UTF_8);
        return false;
    }

    /** A private Xvfb for the window's part of the training, or null without Xvfb (headless training only). */
    private static Xvfb privateDisplay() {
        try {
            return Xvfb.start(1280, 800);
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What the archive is recorded from: the commands users run, through the same entry point. */
    private static void train() throws IOException, InterruptedException {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        for (String[] help : List.of(new String[] {"--help"}, new String[] {"view", "--help"},
                new String[] {"send", "--help"}, new String[] {"demo", "--help"}, new String[] {"bench", "--help"})) {
            Main.run(help, none, none);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Thread sender = new Thread(() -> Main.run(new String[] {"send", "--listen", "127.0.0.1:" + port,
                "--duration", "60", "--quiet"}, none, none), "training-send");
        sender.setDaemon(true);
        sender.start();
        awaitListening(port);
        String url = "rtsp://127.0.0.1:" + port + "/live";
        Main.run(new String[] {"view", url, "--headless", "--duration", TRAINING_SECONDS}, none, none);
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) {
            Main.run(new String[] {"view", url, "--duration", TRAINING_SECONDS}, none, none);
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
    }
}
