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
        try (Proc view = Proc.glasscastWithEnv(dir, "view", Map.of("DISPLAY", x.display()), "view", url,
                "--no-vsync", "--quiet", "--stats-json", stats.toString());
             XTestKeys keys = new XTestKeys(x.display())) {
            keys.pointerTo(W / 2, H / 2);
            // the stats overlay is on at start: a dark box with white text over the picture's top-left
            Screenshot withOverlay = await(view, "the stats overlay over the picture", WindowIT::overlayShown);
            withOverlay.savePng(Path.of("target", "window-overlay.png"), W, H);
            assertThat(withOverlay.frameIndex(W, H)).as("the burned-in code under the overlay box").isEqualTo(-1);

            keys.type("s");
            await(view, "the picture without the overlay", s -> s.frameIndex(W, H) >= 0 && !overlayShown(s));
            List<Long> indices = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (indices.size() < 5 && System.nanoTime() < deadline) {
                long i = Screenshot.take(x.display()).frameIndex(W, H);
                if (i >= 0 && (indices.isEmpty() || i != indices.get(indices.size() - 1))) {
                    indices.add(i);
                }
                Thread.sleep(150);
            }
            assertThat(indices).as("frame indices read from the screen").hasSize(5).isSorted().doesNotHaveDuplicates();

            keys.type("f");
            await(view, "the picture filling the 1280x720 screen", s -> s.frameIndex(1280, 720) >= 0);
            keys.type("f");
            await(view, "the picture back in its 640x360 window",
                    s -> s.frameIndex(W, H) >= 0 && s.count(W + 10, H + 10, 1270, 710, 0, 8) == (1260 - W) * (700 - H));

            keys.type("r");
            awaitOutput(view, "recording is not available");

            keys.type("q");
            assertThat(view.waitFor(20)).as(view.err()).isZero();
            assertThat(view.err()).doesNotContain("Exception");
            Object json = MiniJson.parse(Files.readString(stats));
            assertThat(((Number) MiniJson.at(json, "frames.displayed")).longValue()).isPositive();
            assertThat(MiniJson.at(json, "display_latency_ms.p50")).isInstanceOf(Number.class);
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

    @Test
    void withoutADisplayViewSaysSoInOneLine() throws Exception {
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
    }

    /** White text on a dark box where the first lines of the overlay are (the window is at 0,0). */
    private static boolean overlayShown(Screenshot s) {
        int area = (200 - 12) * (100 - 12);
        int text = s.count(12, 12, 200, 100, 200, 255);
        int dark = s.count(12, 12, 200, 100, 0, 110);
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
