package org.glasscast.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glasscast.protocol.stats.LaunchTime;
import org.glasscast.sender.source.screen.Xvfb;

/**
 * Start-up, measured from the fork: each process is given the instant the bench took just before
 * starting it ({@link LaunchTime}'s property, or the launcher's {@code GLASSCAST_LAUNCHED}) and
 * reports the figure itself ({@code view: first picture after N ms}), so polling its output costs
 * nothing in precision. ffmpeg is timed from the fork to its exit after one frame (it says no
 * more), the sender from the fork to its first RTP packet arriving at a socket of the bench.
 */
final class Startup {
    private static final Pattern FIRST_PICTURE = Pattern.compile("view: first picture after (\\d+) ms\n");
    private static final Pattern ON_SCREEN = Pattern.compile("view: first picture on screen after (\\d+) ms\n");
    private static final double TIMEOUT_SECONDS = 120;

    /** What a scenario runs; {@code firstRun}: also the launcher's first run after a build (slow). */
    record Settings(int width, int height, int fps, int runs, boolean firstRun) {
        String size() {
            return width + "x" + height;
        }
    }

    /** Rows of the report, in order: key, what it measures. */
    static final Map<String, String> ROWS = rows();

    private static Map<String, String> rows() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("viewer_headless.first_picture_ms", "our viewer, headless: fork → first picture decoded");
        m.put("viewer_window.first_picture_ms", "our viewer, window: fork → first picture decoded");
        m.put("viewer_window.on_screen_ms", "our viewer, window: fork → first picture on screen");
        m.put("ffmpeg.exit_ms", "ffmpeg -frames:v 1 -f null -: fork → exit after its first frame");
        m.put("launcher_headless.first_picture_ms", "./glasscast view --headless (the launcher script): fork → first picture");
        m.put("viewer_headless_no_archive.first_picture_ms", "our viewer, headless, without the class-data archive");
        m.put("sender_push.first_packet_ms", "our sender (--to): fork → first RTP packet received");
        m.put("sender_push.first_packet_self_ms", "our sender (--to): fork → first RTP packet sent, as it reports");
        m.put("sender_listen.ready_ms", "our sender (--listen): fork → serving RTSP, as it reports");
        m.put("first_run.first_picture_ms", "first run after a build: ./glasscast view --headless, archive built first");
        return m;
    }

    private Startup() {
    }

    /** Runs every row {@code s.runs()} times, alternating rows, so a noisy minute hurts all alike. */
    static Map<String, List<Double>> run(Path dir, Settings s, PrintStream log) throws IOException, InterruptedException {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        ROWS.keySet().forEach(k -> out.put(k, new ArrayList<>()));
        Path appTarget = Glasscast.appTarget();
        Path launcher = appTarget == null ? null : appTarget.getParent().getParent().resolve("glasscast");
        if (launcher != null && !Files.isExecutable(launcher)) {
            launcher = null;
        }
        String archive = System.getProperty(Glasscast.CDS_ARCHIVE_PROPERTY);
        int port = Loopback.freePort();
        String url = "rtsp://127.0.0.1:" + port + "/live";
        try (Child sender = Child.start("sender", Glasscast.command(List.of(), "send", "--size", s.size(), "--fps",
                Integer.toString(s.fps()), "--audio", "test", "--listen", "127.0.0.1:" + port, "--quiet"), dir, Map.of());
             // the window sizes itself to the picture within 90 % of the screen: a screen that shows it 1:1
             Xvfb x = Xvfb.start((int) Math.ceil(s.width() / 0.9) + 16 & ~1, (int) Math.ceil(s.height() / 0.9) + 16 & ~1)) {
            if (!sender.awaitOutput("send: serving", 60)) {
                throw new IOException("the sender did not start: " + sender.tail());
            }
            Thread.sleep(2000); // a stream already running, as a viewer joining a live one finds it
            for (int i = 1; i <= s.runs(); i++) {
                String n = "-" + i;
                double[] h = viewer(dir, "headless" + n, at -> Glasscast.command(List.of(launched(at)), "view", url,
                        "--headless"), Map.of(), false, false);
                out.get("viewer_headless.first_picture_ms").add(h[0]);
                double[] w = viewer(dir, "window" + n, at -> Glasscast.command(List.of(launched(at)), "view", url),
                        Map.of("DISPLAY", x.display()), true, false);
                out.get("viewer_window.first_picture_ms").add(w[0]);
                out.get("viewer_window.on_screen_ms").add(w[1]);
                out.get("ffmpeg.exit_ms").add(ffmpeg(dir, "ffmpeg" + n, url));
                if (launcher != null) {
                    Path script = launcher;
                    out.get("launcher_headless.first_picture_ms").add(viewer(dir, "launcher" + n,
                            at -> List.of(script.toString(), "view", url, "--headless"), Map.of(), false, true)[0]);
                }
                String cp = System.getProperty("java.class.path");
                out.get("viewer_headless_no_archive.first_picture_ms").add(viewer(dir, "no-archive" + n,
                        at -> Glasscast.command(cp, null, List.of(launched(at)), "view", url, "--headless"), Map.of(),
                        false, false)[0]);
                double[] push = senderPush(dir, "push" + n, s);
                out.get("sender_push.first_packet_ms").add(push[0]);
                out.get("sender_push.first_packet_self_ms").add(push[1]);
                out.get("sender_listen.ready_ms").add(senderListen(dir, "listen" + n, s));
                if (s.firstRun() && launcher != null) {
                    Path script = launcher;
                    Path fresh = dir.resolve("first-run" + n + ".jsa");
                    out.get("first_run.first_picture_ms").add(viewer(dir, "first-run" + n,
                            at -> List.of(script.toString(), "view", url, "--headless"),
                            Map.of("GLASSCAST_CDS_ARCHIVE", fresh.toString()), false, true)[0]);
                }
                log.printf(java.util.Locale.ROOT, "  run %d: headless %.0f ms, window %.0f/%.0f ms (decoded/on screen),"
                                + " ffmpeg %.0f ms, sender first packet %.0f ms%n", i, h[0], w[0], w[1],
                        last(out, "ffmpeg.exit_ms"), push[0]);
            }
        }
        if (archive == null) {
            log.println("  (this bench runs without a class-data archive: start it with ./glasscast)");
        }
        return out;
    }

    private static double last(Map<String, List<Double>> out, String key) {
        List<Double> l = out.get(key);
        return l.isEmpty() ? Double.NaN : l.get(l.size() - 1);
    }

    private static String launched(long micros) {
        return "-D" + LaunchTime.PROPERTY + "=" + micros;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * One viewer launch: {first picture decoded, on screen} in ms from the fork (NaN if not seen).
     * {@code script}: through the launcher script, which is told the launch instant and not to build.
     */
    private static double[] viewer(Path dir, String name, LongFunction<List<String>> command, Map<String, String> env,
                                   boolean window, boolean script) throws IOException, InterruptedException {
        Map<String, String> e = new LinkedHashMap<>(env);
        long at = nowMicros();
        if (script) {
            e.put("GLASSCAST_NO_BUILD", "1");
            e.put("GLASSCAST_LAUNCHED", Long.toString(at));
        }
        try (Child c = Child.start(name, command.apply(at), dir, e)) {
            String output = awaitLine(c, window ? ON_SCREEN : FIRST_PICTURE);
            c.stop(10);
            Thread.sleep(300); // its TEARDOWN and exit settle before the next launch
            return new double[] {number(FIRST_PICTURE, output), number(ON_SCREEN, output)};
        }
    }

    /** The child's output once a whole line matches {@code line}. */
    private static String awaitLine(Child c, Pattern line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (long) (TIMEOUT_SECONDS * 1e9);
        while (System.nanoTime() < deadline) {
            String output = c.output();
            if (line.matcher(output).find()) {
                return output;
            }
            if (!c.process().isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new IOException(c.name() + ": no first picture: " + c.tail());
    }

    private static double number(Pattern p, String output) {
        Matcher m = p.matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Debian's ffmpeg reading the same stream for one frame: fork → exit, ms. */
    private static double ffmpeg(Path dir, String name, String url) throws IOException, InterruptedException {
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-rtsp_transport", "udp",
                "-i", url, "-frames:v", "1", "-f", "null", "-");
        long t0 = System.nanoTime();
        try (Child c = Child.start(name, cmd, dir, Map.of())) {
            if (!c.process().waitFor((long) TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(name + " did not end: " + c.tail());
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (c.process().exitValue() != 0) {
                throw new IOException(name + " failed (" + c.process().exitValue() + "): " + c.tail());
            }
            Thread.sleep(300);
            return ms;
        }
    }

    /**
     * Our sender pushing RTP (--to) to sockets of the bench: {fork → first packet received, fork →
     * first packet sent as it reports} in ms.
     */
    private static double[] senderPush(Path dir, String name, Settings s) throws IOException, InterruptedException {
        int base = freeUdpQuad();
        List<DatagramSocket> sockets = new ArrayList<>();
        AtomicLong first = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                DatagramSocket socket = new DatagramSocket(base + i, InetAddress.getLoopbackAddress());
                socket.setSoTimeout(200);
                sockets.add(socket);
                if (i % 2 == 0) { // RTP: video at base, audio at base + 2
                    Thread t = new Thread(() -> awaitFirst(socket, first), "bench-" + name + "-" + (base + i));
                    t.setDaemon(true);
                    t.start();
                    readers.add(t);
                }
            }
            Path stats = dir.resolve(name + ".json");
            long at = nowMicros();
            try (Child c = Child.start(name, Glasscast.command(List.of(launched(at)), "send", "--size", s.size(),
                    "--fps", Integer.toString(s.fps()), "--audio", "test", "--to", "127.0.0.1:" + base, "--duration",
                    "30", "--stats-json", stats.toString(), "--quiet"), dir, Map.of())) {
                long deadline = System.nanoTime() + (long) (TIMEOUT_SECONDS * 1e9);
                while (first.get() == 0) {
                    if (!c.process().isAlive() || System.nanoTime() > deadline) {
                        throw new IOException(name + ": no RTP packet arrived: " + c.tail());
                    }
                    Thread.sleep(10);
                }
                c.stop(10); // writes its stats at exit
            }
            double self = new StatsFile(stats).refresh().number("startup_ms.first_packet");
            Thread.sleep(300);
            return new double[] {(first.get() - at) / 1000.0, self};
        } finally {
            sockets.forEach(DatagramSocket::close);
            for (Thread t : readers) {
                t.join(1000);
            }
        }
    }

    private static void awaitFirst(DatagramSocket socket, AtomicLong first) {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (first.get() == 0 && !socket.isClosed()) {
            try {
                socket.receive(p);
                first.compareAndSet(0, nowMicros());
            } catch (SocketTimeoutException e) {
                // look again
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Our sender serving RTSP (--listen): fork → ready, ms, as it reports in its stats. */
    private static double senderListen(Path dir, String name, Settings s) throws IOException, InterruptedException {
        int port = Loopback.freePort();
        Path stats = dir.resolve(name + ".json");
        long at = nowMicros();
        try (Child c = Child.start(name, Glasscast.command(List.of(launched(at)), "send", "--size", s.size(), "--fps",
                Integer.toString(s.fps()), "--audio", "test", "--listen", "127.0.0.1:" + port, "--stats-json",
                stats.toString(), "--quiet"), dir, Map.of())) {
            if (!c.awaitOutput("send: serving", TIMEOUT_SECONDS)) {
                throw new IOException(name + ": the sender did not start: " + c.tail());
            }
            c.stop(10);
        }
        Thread.sleep(300);
        return new StatsFile(stats).refresh().number("startup_ms.ready");
    }

    /** Four free UDP ports in a row from an even one (RTP and RTCP of video and audio). */
    private static int freeUdpQuad() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000);
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(new DatagramSocket(base + i, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (SocketException taken) {
                // try another
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IOException("no four free UDP ports");
    }
}
