package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.glasscast.protocol.stats.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users run it: separate processes, exit codes, one-line errors. */
class CliIT {
    @TempDir
    Path dir;

    private static void assertNoStackTrace(String stderr) {
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void badOptionValueIsOneLineUsageAndExit2() throws Exception {
        try (Proc p = Proc.glasscast(dir, "badsize", "send", "--size", "1281x720")) {
            assertThat(p.waitFor(30)).isEqualTo(2);
            assertThat(p.err().lines().findFirst().orElse(""))
                    .isEqualTo("glasscast: Invalid value for option '--size': '1281x720' must have even width and height");
            assertThat(p.err()).contains("Usage: glasscast send");
            assertNoStackTrace(p.err());
        }
        try (Proc p = Proc.glasscast(dir, "unknown", "view", "rtsp://127.0.0.1:1/live", "--frobnicate")) {
            assertThat(p.waitFor(30)).isEqualTo(2);
            assertThat(p.err()).startsWith("glasscast: Unknown option: '--frobnicate'");
        }
        try (Proc p = Proc.glasscast(dir, "notaurl", "view", "http://example.invalid/x")) {
            assertThat(p.waitFor(30)).isEqualTo(2);
            assertThat(p.err()).startsWith("glasscast: 'http://example.invalid/x' is neither an rtsp:// URL nor an .sdp file");
        }
    }

    @Test
    void rangeErrorsNameTheRangeOnce() throws Exception {
        String[][] cases = {
            {"send", "--duration", "-1"},
            {"demo", "--headless", "--duration", "-1"},
            {"view", "rtsp://127.0.0.1:1/live", "--duration", "40000000"},
            {"view", "rtsp://127.0.0.1:1/live", "--latency", "-5"},
        };
        String[] expected = {
            "glasscast: --duration -1 is outside 0..31536000 seconds (0 runs until stopped)",
            "glasscast: --duration -1 is outside 0..31536000 seconds (0 runs until stopped)",
            "glasscast: --duration 40000000 is outside 0..31536000 seconds (0 runs until stopped)",
            "glasscast: --latency -5 is outside 0..10000 ms",
        };
        for (int i = 0; i < cases.length; i++) {
            try (Proc p = Proc.glasscast(dir, "range-" + i, cases[i])) {
                assertThat(p.waitFor(30)).as(p.err()).isEqualTo(2);
                assertThat(p.err().lines().findFirst().orElse("")).isEqualTo(expected[i]);
            }
        }
        // 0 means "until stopped" for every command, and --help says so
        for (String command : new String[] {"send", "view", "demo"}) {
            try (Proc p = Proc.glasscast(dir, "help-" + command, command, "--help")) {
                assertThat(p.waitFor(30)).isZero();
                assertThat(p.out().replaceAll("\\s+", " ")).containsPattern(
                        "--duration=S stop after S seconds \\(default (0: run|10; 0:) until Ctrl-C");
            }
        }
    }

    @Test
    void badSourcesAreOneLineErrors() throws Exception {
        java.util.Map<String, String> noDisplay = new java.util.HashMap<>();
        noDisplay.put("DISPLAY", null);
        noDisplay.put("WAYLAND_DISPLAY", null);
        String[][] runtime = {
            // a missing display, file, camera: runtime failures, exit 1
            {"screen", "glasscast: no X display: DISPLAY is not set"},
            {"file:" + dir.resolve("nope.mp4"), "glasscast: cannot open file:" + dir.resolve("nope.mp4") + ": No such file or directory"},
            {"camera:/dev/video9", "glasscast: cannot open camera /dev/video9: No such file or directory"},
        };
        for (String[] c : runtime) {
            try (Proc p = Proc.glasscastWithEnv(dir, "src-" + c[0].hashCode(), noDisplay, "send", "--source", c[0])) {
                assertThat(p.waitFor(60)).as(p.err()).isEqualTo(1);
                assertThat(p.err().lines().filter(l -> l.startsWith("glasscast: ")).findFirst().orElse(""))
                        .isEqualTo(c[1]);
                assertNoStackTrace(p.err());
            }
        }
        // a bad region, a raw plan that names no size: usage errors, exit 2
        try (Proc p = Proc.glasscast(dir, "badregion", "send", "--source", "screen@10,10,0x0")) {
            assertThat(p.waitFor(30)).as(p.err()).isEqualTo(2);
            assertThat(p.err()).startsWith("glasscast: 'screen@10,10,0x0'");
        }
        try (Proc p = Proc.glasscast(dir, "rawnosize", "send", "--codec", "raw", "--source", "file:x.mp4")) {
            assertThat(p.waitFor(30)).as(p.err()).isEqualTo(2);
            assertThat(p.err()).startsWith("glasscast: --codec raw needs --size WxH");
        }
        try (Proc p = Proc.glasscast(dir, "rawplan", "send", "--codec", "raw", "--size", "3840x2160", "--fps", "1000")) {
            assertThat(p.waitFor(30)).isEqualTo(2);
            assertThat(p.err()).startsWith("glasscast: --codec raw: 3840x2160 at 1000 fps is 99.5 Gbit/s, more than 10 Gbit/s");
        }
    }

    @Test
    void ffmpegsOwnLogIsQuietUnlessVerbose() throws Exception {
        // no NVIDIA driver here: FFmpeg logs "Cannot load libcuda.so.1" and the encoder fails; that
        // reason belongs in our one line, and FFmpeg's "[h264_nvenc @ 0x...]" line only with --verbose
        try (Proc p = Proc.glasscast(dir, "nvenc", "send", "--encoder", "h264_nvenc", "--listen", "127.0.0.1:0")) {
            assertThat(p.waitFor(60)).as(p.err()).isEqualTo(1);
            assertThat(p.err().lines().toList()).containsExactly(
                    "glasscast: opening video encoder 'h264_nvenc' failed: Cannot load libcuda.so.1 (Operation not permitted)");
        }
        try (Proc p = Proc.glasscast(dir, "nvenc-verbose", "send", "--encoder", "h264_nvenc", "--listen", "127.0.0.1:0",
                "--verbose")) {
            assertThat(p.waitFor(60)).as(p.err()).isEqualTo(1);
            assertThat(p.err()).containsPattern("(?m)^\\[h264_nvenc @ 0x[0-9a-f]+\\] Cannot load libcuda.so.1$");
        }
    }

    @Test
    void devicesSaysWhyAListIsEmpty() throws Exception {
        java.util.Map<String, String> bare = new java.util.HashMap<>();
        bare.put("DISPLAY", null);
        bare.put("PULSE_SERVER", "unix:" + dir.resolve("no-such-pulse-socket"));
        try (Proc p = Proc.glasscastWithEnv(dir, "devices", bare, "devices")) {
            assertThat(p.waitFor(60)).as(p.err()).isZero();
            assertThat(p.out()).contains("screens (--source):\n  (none: DISPLAY is not set")
                    .contains("cameras (--source):\n  (none: no V4L2 device")
                    .contains("audio inputs (--audio):\n  (none: no PulseAudio or PipeWire server answered")
                    .contains("what this machine plays (--audio):\n  (none: a sink's monitor needs a PulseAudio")
                    .doesNotContain("(none found)");
            assertNoStackTrace(p.err());
        }
    }

    @Test
    void missingSdpFileIsOneLineAndExit1() throws Exception {
        try (Proc p = Proc.glasscast(dir, "nosdp", "view", dir.resolve("nope.sdp").toString(), "--headless")) {
            assertThat(p.waitFor(30)).isEqualTo(1);
            assertThat(p.err()).contains("glasscast: no such SDP file: ");
            assertNoStackTrace(p.err());
        }
    }

    @Test
    void demoPrintsPerSecondLinesAndACleanSummary() throws Exception {
        try (Proc p = Proc.glasscast(dir, "demo", "demo", "--duration", "5")) {
            assertThat(p.waitFor(90)).as("stdout:%n%s%nstderr:%n%s", p.out(), p.err()).isZero();
            String out = p.out();
            assertThat(out.lines().filter(l -> l.startsWith("view: "))).hasSizeGreaterThanOrEqualTo(4);
            assertThat(out).contains("demo: summary").containsPattern("latency .* p50 [0-9.]+ ms")
                    .containsPattern(", 0 unreadable, [0-9]+ gaps, 0 repeats");
            // a frame index may be missing only where the sender dropped it and counted it (a cold JIT)
            java.util.regex.Matcher gaps = java.util.regex.Pattern.compile(", ([0-9]+) gaps").matcher(out);
            java.util.regex.Matcher dropped = java.util.regex.Pattern.compile("sender   dropped ([0-9]+) frames")
                    .matcher(out);
            assertThat(gaps.find()).isTrue();
            assertThat(Long.parseLong(gaps.group(1))).as("gaps beyond the sender's counted drops; stdout:%n%s", out)
                    .isLessThanOrEqualTo(dropped.find() ? Long.parseLong(dropped.group(1)) : 0);
        }
    }

    @Test
    void separateProcessesOverUdpWithStatsAndCleanStopOnSigterm() throws Exception {
        int port = Proc.freePort();
        Path sendStats = dir.resolve("send.json");
        Path viewStats = dir.resolve("view.json");
        try (Proc send = Proc.glasscast(dir, "send", "send", "--listen", "127.0.0.1:" + port, "--stats-json",
                sendStats.toString())) {
            send.awaitOutput("send: serving rtsp://127.0.0.1:" + port + "/live", 60);
            try (Proc view = Proc.glasscast(dir, "view", "view", "rtsp://127.0.0.1:" + port + "/live", "--headless",
                    "--verify-pattern", "--duration", "6", "--stats-json", viewStats.toString())) {
                assertThat(view.waitFor(60)).as(view.err()).isZero();
                Object json = JsonReader.parse(Files.readString(viewStats));
                // a frame may be missing only where the sender dropped it and counted it (a cold JIT
                // on 2 cores); one lost on the way, or in the viewer, is a failure
                long senderDropped = ((Number) JsonReader.at(JsonReader.parse(Files.readString(sendStats)),
                        "frames.dropped")).longValue();
                assertThat(((Number) JsonReader.at(json, "pattern.gaps")).longValue())
                        .as("frame indices missing, beyond the %d the sender dropped", senderDropped)
                        .isLessThanOrEqualTo(senderDropped);
                assertThat(((Number) JsonReader.at(json, "packets.lost")).longValue()).isZero();
                assertThat(((Number) JsonReader.at(json, "pattern.errors")).longValue()).isZero();
                assertThat(((Number) JsonReader.at(json, "pattern.checked")).longValue()).isGreaterThanOrEqualTo(140);
                assertThat(((Number) JsonReader.at(json, "audio.packets")).longValue()).isGreaterThan(400); // 100/s
                assertThat(view.out()).contains("view: ");
            }
            // a viewer without --duration stopped by SIGTERM (what Ctrl-C does through the shutdown
            // hook): clean exit, TEARDOWN sent, final stats written
            Path lastStats = dir.resolve("view-sigterm.json");
            try (Proc view = Proc.glasscast(dir, "view-sigterm", "view", "rtsp://127.0.0.1:" + port + "/live",
                    "--headless", "--transport", "tcp", "--stats-json", lastStats.toString())) {
                view.awaitOutput("view: ", 60);
                Thread.sleep(1500);
                assertThat(view.stop(30)).as("a stop on purpose exits 0").isZero();
                assertNoStackTrace(view.err());
                Object json = JsonReader.parse(Files.readString(lastStats));
                assertThat(((Number) JsonReader.at(json, "frames.decoded")).longValue()).isPositive();
            }
            // the sender saw the viewer leave (TEARDOWN) rather than time out
            Thread.sleep(500);
            assertThat(send.err()).contains("left (TEARDOWN)");
            int code = send.stop(30);
            assertThat(code).as("a stop on purpose exits 0").isZero();
            assertNoStackTrace(send.err());
            Object json = JsonReader.parse(Files.readString(sendStats));
            assertThat(((Number) JsonReader.at(json, "frames.encoded")).longValue()).isGreaterThan(150);
        }
    }

    @Test
    void pushModeWritesAnSdpOurViewerPlays() throws Exception {
        int port = Proc.freeUdpPortQuad();
        Path sdp = dir.resolve("stream.sdp");
        Path viewStats = dir.resolve("view.json");
        Path sendStats = dir.resolve("push-send.json");
        try (Proc send = Proc.glasscast(dir, "push", "send", "--to", "127.0.0.1:" + port, "--sdp", sdp.toString(),
                "--stats-json", sendStats.toString())) {
            send.awaitOutput("send: pushing RTP to 127.0.0.1:" + port, 60);
            assertThat(Files.readString(sdp)).contains("m=video " + port + " RTP/AVP 96")
                    .contains("a=rtpmap:96 H264/90000").contains("sprop-parameter-sets=")
                    .contains("m=audio " + (port + 2) + " RTP/AVP 97").contains("a=rtpmap:97 opus/48000/2");
            // a push receiver joins mid-stream with no way to ask for a keyframe: it waits up to one
            // GOP (2 s) for its first picture, so it watches for 8 s
            try (Proc view = Proc.glasscast(dir, "viewsdp", "view", sdp.toString(), "--headless", "--verify-pattern",
                    "--duration", "8", "--stats-json", viewStats.toString())) {
                assertThat(view.waitFor(60)).as(view.err()).isZero();
                Object json = JsonReader.parse(Files.readString(viewStats));
                assertThat(((Number) JsonReader.at(json, "pattern.checked")).longValue()).isGreaterThanOrEqualTo(120);
                assertThat(((Number) JsonReader.at(json, "pattern.gaps")).longValue()).isZero();
                assertThat(((Number) JsonReader.at(json, "audio.packets")).longValue()).isGreaterThan(600); // 100/s
                // our sender stamps capture times: latency is known, and says where it came from
                assertThat(JsonReader.at(json, "latency_source")).isIn("pattern", "abs-capture-time");
                assertThat(((Number) JsonReader.at(json, "latency_ms.p50")).doubleValue()).isPositive();
                String lastStatus = view.out().lines().filter(l -> l.startsWith("view: ") && l.contains(" frames="))
                        .reduce((a, b) -> b).orElse("");
                assertThat(lastStatus).contains(" latency p50/p99=");
            }
            // a push address is not a viewer: nobody asked for the stream (the viewer above never told the sender)
            Object sent = JsonReader.parse(Files.readString(sendStats));
            assertThat(((Number) JsonReader.at(sent, "viewers")).intValue()).as("viewers").isZero();
            assertThat(((Number) JsonReader.at(sent, "push")).intValue()).as("push destinations").isEqualTo(1);
            assertThat(send.out()).contains(" viewers=0 push=1 ").doesNotContain("viewers=1");
        }
    }
}
