package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glasscast.protocol.stats.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log-in, as IP cameras ask for it: our viewer opens {@code rtsp://USER:PASSWORD@host/...} on
 * GStreamer's rtsp-server with Digest (a server we did not write), and our sender with
 * {@code --auth} lets in our viewer and ffprobe with the password and nobody without it. The
 * password never shows in what the viewer prints or writes.
 */
class RtspAuthIT {
    private static final String PASSWORD = "s3c:r@t";
    private static final String ENCODED = "s3c%3Ar%40t";

    @TempDir
    Path dir;

    @Test
    void ourViewerLogsInToGStreamersRtspServer() throws Exception {
        int port = Proc.freePort();
        try (Proc server = Proc.start(dir, "gst-server", List.of("/usr/bin/python3",
                Path.of("target", "test-classes", "gst-rtsp-auth-server.py").toAbsolutePath().toString(),
                Integer.toString(port), "alice", PASSWORD))) {
            server.awaitOutput("serving", 30);
            String url = "rtsp://127.0.0.1:" + port + "/cam";
            Path stats = dir.resolve("gst-view.json");
            try (Proc view = Proc.glasscast(dir, "view-gst", "view", "rtsp://alice:" + ENCODED + "@127.0.0.1:" + port
                    + "/cam", "--headless", "--duration", "4", "--stats-json", stats.toString())) {
                assertThat(view.waitFor(60)).as(view.err()).isZero();
                assertThat(view.out() + view.err()).doesNotContain(ENCODED).doesNotContain(PASSWORD);
            }
            Object json = JsonReader.parse(Files.readString(stats));
            assertThat(((Number) JsonReader.at(json, "frames.decoded")).longValue()).as("frames from the camera")
                    .isGreaterThanOrEqualTo(60);
            assertThat(((Number) JsonReader.at(json, "video.width")).intValue()).isEqualTo(640);
            assertThat((String) JsonReader.at(json, "source")).isEqualTo("rtsp://alice:***@127.0.0.1:" + port + "/cam");

            try (Proc wrong = Proc.glasscast(dir, "view-gst-wrong", "view", "rtsp://alice:guess@127.0.0.1:" + port + "/cam",
                    "--headless")) {
                assertThat(wrong.waitFor(60)).isEqualTo(1);
                assertThat(wrong.err().strip()).isEqualTo("glasscast: " + url + " refused user 'alice' (401 Unauthorized):"
                        + " check the user name and password");
            }
        }
    }

    @Test
    void ourSenderLetsInOnlyThoseWithThePassword() throws Exception {
        int port = Proc.freePort();
        String url = "rtsp://127.0.0.1:" + port + "/live";
        String withPassword = "rtsp://alice:" + ENCODED + "@127.0.0.1:" + port + "/live";
        Path sendStats = dir.resolve("send.json");
        // the password from the environment, where the process list does not show it
        try (Proc sender = Proc.glasscastWithEnv(dir, "sender", Map.of("GLASSCAST_AUTH", "alice:" + PASSWORD), "send",
                "--listen", "127.0.0.1:" + port, "--size", "640x360", "--stats-json", sendStats.toString())) {
            sender.awaitOutput("send: serving", 60);
            assertThat(sender.out()).contains("(viewers log in as alice)").doesNotContain(PASSWORD);

            Path stats = dir.resolve("view.json");
            try (Proc view = Proc.glasscast(dir, "view", "view", withPassword, "--headless", "--verify-pattern",
                    "--transport", "tcp", "--duration", "4", "--stats-json", stats.toString())) {
                assertThat(view.waitFor(60)).as(view.err()).isZero();
            }
            Object json = JsonReader.parse(Files.readString(stats));
            assertThat(((Number) JsonReader.at(json, "pattern.checked")).longValue()).isGreaterThanOrEqualTo(60);
            assertThat(((Number) JsonReader.at(json, "pattern.gaps")).longValue()).isZero();

            // a Digest client we did not write
            try (Proc probe = Proc.start(dir, "ffprobe", List.of("ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_name,width", "-of", "compact", withPassword))) {
                assertThat(probe.waitFor(60)).as(probe.err()).isZero();
                assertThat(probe.out()).contains("codec_name=h264|width=640");
            }
            try (Proc probe = Proc.start(dir, "ffprobe-none", List.of("ffprobe", "-v", "error", url))) {
                assertThat(probe.waitFor(60)).isNotZero();
                assertThat(probe.err()).contains("401");
            }

            try (Proc none = Proc.glasscast(dir, "view-none", "view", url, "--headless")) {
                assertThat(none.waitFor(60)).isEqualTo(1);
                assertThat(none.err().strip()).isEqualTo("glasscast: " + url + " needs a user name and password:"
                        + " rtsp://USER:PASSWORD@127.0.0.1:" + port + "/live (401 Unauthorized)");
            }
            try (Proc wrong = Proc.glasscast(dir, "view-wrong", "view", "rtsp://alice:guess@127.0.0.1:" + port + "/live",
                    "--headless")) {
                assertThat(wrong.waitFor(60)).isEqualTo(1);
                assertThat(wrong.err().strip()).contains("refused user 'alice'").doesNotContain("\n");
            }
            try (Proc bad = Proc.glasscast(dir, "send-bad", "send", "--auth", "alice")) {
                assertThat(bad.waitFor(30)).isEqualTo(2);
                assertThat(bad.err()).startsWith("glasscast: --auth needs USER:PASSWORD\n");
            }
            sender.stop(30);
            Object sent = JsonReader.parse(Files.readString(sendStats));
            assertThat(((Number) JsonReader.at(sent, "rtsp.unauthorized")).longValue()).as("wrong passwords counted")
                    .isPositive();
        }
    }
}
