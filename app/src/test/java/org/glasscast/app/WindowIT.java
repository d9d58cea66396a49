package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glasscast.protocol.stats.JsonReader;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.sender.source.screen.Xvfb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window as a user sees it: on a private Xvfb (Mesa's software OpenGL), {@code glasscast view}
 * shows a 640x360 test-pattern stream; the test reads the screen back from the X server, decodes
 * the burned-in frame index from those pixels, and types S, F, R, Q and Esc through XTEST.
 */
class WindowIT {
    private static final int W = 640;
    private static final int H = 360;
    private static Xvfb x;
    private static Sender sender;
    private static String url;

    @TempDir
    Path dir;

    @BeforeAll
    static void streamOnAScreen() throws Exception {
        x = Xvfb.start(1280, 720);
        sender = Sender.start(SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0)).withSize(W, H)
                .withAudio("none"), new PrintStream(new ByteArrayOutputStream()));
        url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
    }

    @AfterAll
    static void stop() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (x != null) {
            x.close();
        }
    }

    @Test
    void viewShowsThePictureWithItsOverlayAndAnswersKeys() throws Exception {
        Path stats = dir.resolve("view.json");
        Path recording = dir.resolve("win.mkv");
        try (Proc view = Proc.glasscastWithEnv(dir, "view", Map.of("DISPLAY", x.display()), "view", url,
                "--no-vsync", "--quiet", "--stats-json", stats.toString(), "--record", recording.toString());
             XTestKeys keys = new XTestKeys(x.display())) {
            keys.pointerTo(W / 2, H / 2);
            // the stats overlay is on at start: a dark box with white text over the picture's top-left
            Screenshot withOverlay = await(view, "the stats overlay over the picture",
                    s -> overlayShown(s) && near(s.rgb(W * 11 / 16, 100), 191, 0, 0));
            withOverlay.savePng(Path.of("target", "window-overlay.png"), W, H);
            assertThat(withOverlay.frameIndex(W, H)).as("the burned-in code under the overlay box").isEqualTo(-1);
            // recording since the start (--record): the REC mark shows (over the code); R stops it
            await(view, "the REC mark of --record", s -> s.countRed(W / 2, 0, W, 60) > 20);
            keys.type("r");
            await(view, "the REC mark gone after R", s -> s.countRed(W / 2, 0, W, 60) == 0);
            view.awaitOutput("view: recording stopped: " + recording + ", ", 20); // and it says so

            keys.type("s");
            await(view, "the picture without the overlay", s -> s.frameIndex(W, H) >= 0 && !overlayShown(s));
            assertThat(fiveIndicesOnScreen()).as("frame indices read from the screen").hasSize(5).isSorted()
                    .doesNotHaveDuplicates();
            // the 75% bars (BT.601 limited range, as the sender draws them) in their colours: U and V in
            // their places, the matrix and range right; bars are W/8 wide, from the top to H/2 (awaited:
            // once a second the whole picture flashes white)
            await(view, "green, red and blue bars", s -> near(s.rgb(W * 7 / 16, 100), 0, 191, 0)
                    && near(s.rgb(W * 11 / 16, 100), 191, 0, 0) && near(s.rgb(W * 13 / 16, 100), 0, 0, 191));

            keys.type("f");
            await(view, "the picture filling the 1280x720 screen", s -> s.frameIndex(1280, 720) >= 0);
            keys.type("f");
            await(view, "the picture back in its 640x360 window",
                    s -> s.frameIndex(W, H) >= 0 && s.count(W + 10, H + 10, 1270, 710, 0, 8) == (1260 - W) * (700 - H));

            // R again records once more, to the next file of the run
            keys.type("r");
            await(view, "the REC mark back after R", s -> s.countRed(W / 2, 0, W, 60) > 20);
            Path second = dir.resolve("win-001.mkv"); // written from the keyframe the recorder asks for
            long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.exists(second) && Files.size(second) > 0) && System.nanoTime() < deadline2) {
                Thread.sleep(100);
            }

            keys.type("q");
            assertThat(view.waitFor(20)).as(view.err()).isZero();
            // each stop (R, then Q) said what it kept: the file, how long it plays, how big it is
            List<String> stops = view.out().lines().filter(l -> l.startsWith("view: recording stopped")).toList();
            assertThat(stops).as(view.out()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                Path file = i == 0 ? recording : second;
                assertThat(RecordedFile.codecs(dir, file)).as(file + ": what was recorded").contains("h264");
                assertThat(RecordedFile.videoPts(RecordedFile.packets(dir, file), 0)).as(file + ": frames").isNotEmpty();
                long size = Files.size(file);
                assertThat(stops.get(i)).startsWith("view: recording stopped: " + file + ", ")
                        .endsWith(" s, " + (size < 1_000_000 ? Math.round(size / 1e3) + " kB"
                                : String.format(java.util.Locale.ROOT, "%.1f MB", size / 1e6)));
                assertThat(stops.get(i)).matches(".*, \\d+\\.\\d s, .*");
            }
            // the time it said is the file's (the second, stopped as soon as it began, may hold a frame or two)
            double said = Double.parseDouble(stops.get(0).replaceFirst(".*, (\\d+\\.\\d) s, .*", "$1"));
            assertThat(said).as(stops.get(0)).isCloseTo(RecordedFile.duration(dir, recording),
                    org.assertj.core.data.Offset.offset(0.051));
            assertThat(view.err()).doesNotContain("Exception");
            Object json = JsonReader.parse(Files.readString(stats));
            assertThat(((Number) JsonReader.at(json, "frames.displayed")).longValue()).isPositive();
            assertThat(JsonReader.at(json, "display_latency_ms.p50")).isInstanceOf(Number.class);
        }
    }

    @Test
    void recordKeyShowsTheRecMarkAndEscapeQuits() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", "target/test-classes" + File.pathSeparator + "target/classes"
                        + File.pathSeparator + "target/lib/*",
                WindowHarness.class.getName(), url);
        try (Proc harness = Proc.start(dir, "harness", cmd, Map.of("DISPLAY", x.display()));
             XTestKeys keys = new XTestKeys(x.display())) {
            keys.pointerTo(W / 2, H / 2);
            await(harness, "the picture", s -> overlayShown(s) && s.countRed(0, 0, W, 60) == 0);
            keys.type("r");
            awaitOutput(harness, "harness: recording on");
            Screenshot rec = await(harness, "a red REC mark at the top right", s -> s.countRed(W / 2, 0, W, 60) > 20);
            rec.savePng(Path.of("target", "window-rec.png"), W, H);
            keys.type("r");
            awaitOutput(harness, "harness: recording off");
            await(harness, "the REC mark gone", s -> s.countRed(W / 2, 0, W, 60) == 0);
            keys.type("Escape");
            assertThat(harness.waitFor(20)).as(harness.err()).isZero();
            assertThat(harness.out()).contains("harness: QUIT");
        }
    }

    /**
     * Issue 11: while the viewer waits for its stream the window stays, with a card in the middle (a
     * dark window before any picture, the last picture dimmed after one), keys still work, and the
     * picture comes back without the card as soon as pictures flow.
     */
    @Test
    void whileTheViewerWaitsTheWindowShowsACardAndThePictureComesBackWithoutIt() throws Exception {
        Path control = dir.resolve("control");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", "target/test-classes" + File.pathSeparator + "target/classes"
                        + File.pathSeparator + "target/lib/*",
                WaitingHarness.class.getName(), control.toString(), Integer.toString(W), Integer.toString(H));
        try (Proc harness = Proc.start(dir, "waiting", cmd, Map.of("DISPLAY", x.display()));
             XTestKeys keys = new XTestKeys(x.display())) {
            keys.pointerTo(W / 2, H / 2);
            // no picture yet: the window keeps its first size (960x540), dark grey, the card's lines in the middle
            Screenshot first = await(harness, "the waiting card in a dark window", s -> cardShown(s, 960, 540)
                    && s.count(12, 500, 948, 530, 20, 40) > 936 * 30 / 2 && s.countRed(960 / 2, 0, 960, 60) > 20);
            first.savePng(Path.of("target", "window-waiting.png"), 960, 540);
            int recWaiting = first.countRed(960 / 2, 0, 960, 60);
            // the card counts the seconds
            await(harness, "the card's time moving on", s -> cardShown(s, 960, 540)
                    && band(s, 960, 540) != band(first, 960, 540));
            // keys work while it waits: S hides the stats; F resizes, and the card is laid out again in the middle
            keys.type("s");
            await(harness, "the stats overlay gone, the card still there", s -> !overlayShownAt(s, 540)
                    && cardShown(s, 960, 540));
            keys.type("f");
            await(harness, "the card in the middle of the 1280x720 screen", s -> cardShown(s, 1280, 720)
                    && s.count(12, 680, 1268, 710, 20, 40) == 1256 * 30);
            keys.type("f");
            await(harness, "the card back in its 960x540 window", s -> cardShown(s, 960, 540)
                    && s.count(970, 10, 1270, 710, 0, 8) == 300 * 700);

            Files.writeString(control, "play");
            // the test pattern's bars in their colours (its code is under the REC mark), and no card
            Screenshot playing = await(harness, "the picture without the card", s -> !cardShown(s, W, H)
                    && near(s.rgb(W * 7 / 16, 100), 0, 191, 0) && near(s.rgb(W * 11 / 16, 100), 191, 0, 0)
                    && near(s.rgb(W * 13 / 16, 100), 0, 0, 191));
            playing.savePng(Path.of("target", "window-waiting-over.png"), W, H);
            assertThat(recWaiting).as("the REC mark says 'waiting' while it waits: longer than the playing one")
                    .isGreaterThan(playing.countRed(W / 2, 0, W, 60) * 13 / 10);

            Files.writeString(control, "wait");
            Screenshot dimmed = await(harness, "the last picture dimmed under the card", s -> cardShown(s, W, H)
                    && dim(s.rgb(W * 11 / 16, 100), 191, 0, 0) && dim(s.rgb(W * 7 / 16, 100), 0, 191, 0));
            dimmed.savePng(Path.of("target", "window-waiting-dimmed.png"), W, H);
            keys.type("q");
            assertThat(harness.waitFor(20)).as(harness.err()).isZero();
            assertThat(harness.out()).contains("harness: QUIT");
        }
    }

    /**
     * The card in a {@code w x h} window at 0,0: the middle band (a fifth of the height, the middle
     * half of the width) mostly dark, with light text on it.
     */
    private static boolean cardShown(Screenshot s, int w, int h) {
        int x0 = w / 4;
        int x1 = w * 3 / 4;
        int y0 = h / 2 - h / 10;
        int y1 = h / 2 + h / 10;
        int area = (x1 - x0) * (y1 - y0);
        int text = s.count(x0, y0, x1, y1, 150, 255);
        return text > 50 && text < area / 4 && s.count(x0, y0, x1, y1, 0, 40) > area / 2;
    }

    /** A hash of the middle band's pixels, to see the card's text change. */
    private static int band(Screenshot s, int w, int h) {
        int hash = 1;
        for (int y = h / 2 - h / 10; y < h / 2 + h / 10; y++) {
            for (int x = w / 4; x < w * 3 / 4; x++) {
                hash = 31 * hash + s.rgb(x, y);
            }
        }
        return hash;
    }

    /** The colour {@code r, g, b} darkened to between a sixth and a half of itself. */
    private static boolean dim(int p, int r, int g, int b) {
        int[] c = {p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff};
        int[] full = {r, g, b};
        for (int i = 0; i < 3; i++) {
            if (c[i] < full[i] / 6 - 5 || c[i] > full[i] / 2) {
                return false;
            }
        }
        return true;
    }

    /** A player we did not write shows our stream: ffplay's window, read back from the screen like ours. */
    @Test
    void ffplayShowsOurStream() throws Exception {
        try (Proc ffplay = Proc.start(dir, "ffplay", List.of("ffplay", "-v", "error", "-fflags", "nobuffer",
                "-flags", "low_delay", "-an", "-noborder", "-left", "0", "-top", "0", "-x", Integer.toString(W),
                "-y", Integer.toString(H), url), Map.of("DISPLAY", x.display(), "SDL_AUDIODRIVER", "dummy"))) {
            await(ffplay, "ffplay's picture with a readable code", s -> s.frameIndex(W, H) >= 0);
            assertThat(fiveIndicesOnScreen()).as("frame indices read from ffplay's window").hasSize(5).isSorted()
                    .doesNotHaveDuplicates();
            // the 75% bars in their colours: ffplay reads our VUI (BT.601, limited range) as we meant it
            await(ffplay, "green, red and blue bars", s -> near(s.rgb(W * 7 / 16, 100), 0, 191, 0)
                    && near(s.rgb(W * 11 / 16, 100), 191, 0, 0) && near(s.rgb(W * 13 / 16, 100), 0, 0, 191));
        }
    }

    /** SIGTERM (a service manager, the bench) lets the window's thread finish: its log is whole, its last line printed. */
    @Test
    void sigtermLetsTheWindowFinishItsCleanUp() throws Exception {
        Path stats = dir.resolve("term.json");
        Path shown = dir.resolve("shown.csv");
        try (Proc view = Proc.glasscastWithEnv(dir, "term", Map.of("DISPLAY", x.display(),
                "JAVA_TOOL_OPTIONS", "-Dglasscast.displayLog=" + shown), "view", url, "--no-vsync",
                "--audio-out", "none", "--stats-json", stats.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (displayed(stats) < 30 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(displayed(stats)).as("frames displayed before the signal").isGreaterThanOrEqualTo(30);
            view.stop(20);
            assertThat(view.out()).contains("view: closed");
            List<String> lines = Files.readAllLines(shown);
            assertThat(lines).as("the display log, flushed at the window's end").hasSizeGreaterThan(30)
                    .startsWith("index,capture_us,shown_us");
            List<Long> indices = lines.stream().skip(1).map(l -> Long.parseLong(l.split(",")[0])).toList();
            assertThat(indices).as("burned-in indices of the frames shown").isSorted().doesNotContain(-1L);
        }
    }

    private static long displayed(Path stats) {
        try {
            Object n = JsonReader.at(JsonReader.parse(Files.readString(stats)), "frames.displayed");
            return n instanceof Number num ? num.longValue() : 0;
        } catch (IOException | RuntimeException notYet) {
            return 0;
        }
    }

    @Test
    void withoutADisplayOrOpenGl33ViewSaysSoInOneLine() throws Exception {
        Map<String, String> noDisplay = new java.util.HashMap<>();
        noDisplay.put("DISPLAY", null);
        noDisplay.put("WAYLAND_DISPLAY", null);
        try (Proc view = Proc.glasscastWithEnv(dir, "nodisplay", noDisplay, "view", url)) {
            assertThat(view.waitFor(30)).isEqualTo(1);
            assertThat(view.err().strip()).isEqualTo("view: cannot open a window (no display); use --headless");
        }
        try (Proc view = Proc.glasscastWithEnv(dir, "deaddisplay", Map.of("DISPLAY", ":3999"), "view", url)) {
            assertThat(view.waitFor(30)).isEqualTo(1);
            assertThat(view.err().strip()).startsWith("view: cannot open a window (no display").endsWith("use --headless")
                    .doesNotContain("\n");
        }
        // Mesa made to offer no more than OpenGL 3.0, as an old driver would
        try (Proc view = Proc.glasscastWithEnv(dir, "oldgl", Map.of("DISPLAY", x.display(), "MESA_GL_VERSION_OVERRIDE",
                "3.0"), "view", url)) {
            assertThat(view.waitFor(30)).isEqualTo(1);
            assertThat(view.err().strip()).startsWith("view: cannot open a window (no OpenGL 3.3").endsWith("use --headless")
                    .doesNotContain("\n");
        }
    }

    @Test
    void packedRgbFromGStreamerShowsInItsColours() throws Exception {
        int port = Proc.freeUdpPortQuad();
        Path sdp = dir.resolve("rgb.sdp");
        Files.writeString(sdp, String.join("\n", "v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=rgb", "c=IN IP4 127.0.0.1",
                "t=0 0", "m=video " + port + " RTP/AVP 96", "a=rtpmap:96 raw/90000",
                "a=fmtp:96 sampling=RGB; width=320; height=180; depth=8; colorimetry=SMPTE240M", ""));
        try (Proc view = Proc.glasscastWithEnv(dir, "view-rgb", Map.of("DISPLAY", x.display()), "view", sdp.toString(),
                "--quiet");
             Proc gst = Proc.start(dir, "gst-rgb", List.of("gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "!",
                     "video/x-raw,format=RGB,width=320,height=180,framerate=30/1", "!", "rtpvrawpay", "mtu=1400", "!",
                     "udpsink", "host=127.0.0.1", "port=" + port));
             XTestKeys keys = new XTestKeys(x.display())) {
            assertThat(gst.process.isAlive()).as(gst.err()).isTrue();
            keys.pointerTo(160, 90);
            await(view, "GStreamer's red bar in a 320x180 window", s -> s.countRed(248, 36, 254, 44) == 6 * 8
                    && s.count(330, 190, 1270, 700, 0, 8) == 940 * 510);
            keys.type("s");
            // videotestsrc's bars: seven full-intensity bars over the top two thirds, each 320/7 wide
            Screenshot bars = await(view, "the bars without the overlay", s -> !overlayShownAt(s, 180));
            assertColour(bars, 320 * 7 / 14, 40, "green", 0, 255, 0);
            assertColour(bars, 320 * 11 / 14, 40, "red", 255, 0, 0);
            assertColour(bars, 320 * 13 / 14, 40, "blue", 0, 0, 255);
            // SIGTERM, as Ctrl-C: the viewer closes on the shutdown hook while the window closes on main
            assertThat(view.stop(20)).as(view.err()).isIn(0, 143);
            assertThat(view.err()).doesNotContain("Exception").doesNotContain("SIGSEGV");
        }
    }

    @Test
    void h264In444FromFfmpegShowsInItsColours() throws Exception {
        int port = Proc.freeUdpPortQuad();
        Path sdp = dir.resolve("444.sdp");
        try (Proc ffmpeg = Proc.start(dir, "ffmpeg-444", List.of("ffmpeg", "-loglevel", "error", "-re", "-f", "lavfi",
                "-i", "smptebars=size=320x180:rate=30", "-c:v", "libx264", "-pix_fmt", "yuv444p", "-preset", "ultrafast",
                "-tune", "zerolatency", "-g", "30", "-f", "rtp", "-sdp_file", sdp.toString(),
                "rtp://127.0.0.1:" + port))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.exists(sdp) && Files.readString(sdp).contains("m=video")) && System.nanoTime() < deadline) {
                assertThat(ffmpeg.process.isAlive()).as(ffmpeg.err()).isTrue();
                Thread.sleep(50);
            }
            try (Proc view = Proc.glasscastWithEnv(dir, "view-444", Map.of("DISPLAY", x.display()), "view",
                    sdp.toString(), "--quiet")) {
                // full-resolution chroma, BT.601 as the stream's VUI says: SMPTE bars at 75%, seven over the top
                // two thirds; red and blue are clear of the overlay
                await(view, "red and blue bars of a 4:4:4 stream", s -> near(s.rgb(320 * 11 / 14, 40), 191, 0, 0)
                        && near(s.rgb(320 * 13 / 14, 40), 0, 0, 191) && s.count(330, 190, 1270, 700, 0, 8) == 940 * 510);
                assertThat(view.stop(20)).as(view.err()).isIn(0, 143);
            }
        }
    }

    /** Up to 5 different burned-in indices read one after another from the picture at the top-left (20 s at most). */
    private static List<Long> fiveIndicesOnScreen() throws Exception {
        List<Long> indices = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (indices.size() < 5 && System.nanoTime() < deadline) {
            long i = Screenshot.take(x.display()).frameIndex(W, H);
            if (i >= 0 && (indices.isEmpty() || i != indices.get(indices.size() - 1))) {
                indices.add(i);
            }
            Thread.sleep(150);
        }
        return indices;
    }

    private static boolean near(int p, int r, int g, int b) {
        return Math.abs((p >> 16 & 0xff) - r) <= 40 && Math.abs((p >> 8 & 0xff) - g) <= 40 && Math.abs((p & 0xff) - b) <= 40;
    }

    private static void assertColour(Screenshot s, int px, int py, String name, int r, int g, int b) {
        int p = s.rgb(px, py);
        assertThat(new int[] {p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff}).as(name + " at " + px + "," + py)
                .satisfies(c -> {
                    assertThat(c[0]).isCloseTo(r, org.assertj.core.data.Offset.offset(40));
                    assertThat(c[1]).isCloseTo(g, org.assertj.core.data.Offset.offset(40));
                    assertThat(c[2]).isCloseTo(b, org.assertj.core.data.Offset.offset(40));
                });
    }

    /** White text on a dark box where the first lines of the overlay are (the window is at 0,0). */
    private static boolean overlayShown(Screenshot s) {
        return overlayShownAt(s, H);
    }

    /** As {@link #overlayShown(Screenshot)} for a window {@code height} pixels high (the text scales with it). */
    private static boolean overlayShownAt(Screenshot s, int height) {
        int x1 = height >= 360 ? 200 : 110;
        int y1 = height >= 360 ? 100 : 60;
        int area = (x1 - 12) * (y1 - 12);
        int text = s.count(12, 12, x1, y1, 200, 255);
        int dark = s.count(12, 12, x1, y1, 0, 110);
        return text > 30 && text < area / 3 && dark > area / 2;
    }

    /** Takes screenshots until one shows what is expected; fails naming it and saving the last one. */
    private Screenshot await(Proc p, String what, Predicate<Screenshot> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Screenshot s = null;
        while (System.nanoTime() < deadline) {
            if (!p.process.isAlive()) {
                throw new AssertionError("the viewer ended (" + p.process.exitValue() + ") before showing " + what
                        + "; stderr:\n" + p.err());
            }
            s = Screenshot.take(x.display());
            if (expected.test(s)) {
                return s;
            }
            Thread.sleep(100);
        }
        Path shot = Path.of("target", "window-failed.png");
        if (s != null) {
            s.savePng(shot, s.width, s.height);
        }
        throw new AssertionError("the screen never showed " + what + " (last screenshot: " + shot.toAbsolutePath()
                + "); stderr:\n" + p.err());
    }

    private static void awaitOutput(Proc p, String text) throws InterruptedException, IOException {
        p.awaitOutput(text, 20);
    }
}
