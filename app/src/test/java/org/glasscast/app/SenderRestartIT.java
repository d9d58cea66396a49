package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glasscast.bench.PulseAudio;
import org.glasscast.protocol.stats.JsonReader;
import org.glasscast.sender.source.screen.Xvfb;
import org.glasscast.viewer.stats.FrameLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Viewers left running while their sender is restarted, as on a wall display: the sender on one
 * host, the viewers on another (network namespaces joined by a veth link). A headless viewer
 * started 5 s before its sender exists, and a viewer as a user runs it (its window on a private
 * Xvfb, its sound into a private PulseAudio), watch while the sender is stopped with SIGTERM and
 * started again 3 s later, then killed with -9 and started again 3 s later. Each viewer must stay
 * up, show the test pattern again within 2 s of the sender serving (read from the burned-in
 * capture times of the frames it logged, on both sides of each gap), count two reconnects, and
 * exit 0 at its {@code --duration}.
 */
class SenderRestartIT {
    /** From the sender serving to the viewer's first frame of its stream. */
    private static final long BACK_WITHIN_MICROS = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void viewersWaitThroughSenderRestartsAndPlayAgainWithinTwoSeconds() throws Exception {
        try (NetNamespaces net = NetNamespaces.create();
             Xvfb x = Xvfb.start(800, 480);
             PulseAudio pulse = PulseAudio.start()) {
            String url = "rtsp://" + net.a().address + ":8554/live";
            Path headlessLog = dir.resolve("headless.csv");
            Path windowLog = dir.resolve("window.csv");
            Path headlessStats = dir.resolve("headless.json");
            Path windowStats = dir.resolve("window.json");
            Proc.classDataArchive();
            List<Proc> all = new ArrayList<>();
            try {
                Path hall = dir.resolve("hall.mkv");
                Proc headless = net.b().glasscast(dir, "view-headless", Map.of(),
                        List.of("-D" + FrameLog.DECODED + "=" + headlessLog), "view", url, "--headless",
                        "--verify-pattern", "--record", hall.toString(), "--duration", "28",
                        "--stats-json", headlessStats.toString());
                all.add(headless);
                headless.awaitOutput("view: connection refused by " + net.a().address + ":8554; waiting for " + url, 30);
                Thread.sleep(5000); // a viewer started 5 s before its sender

                long[] serving = new long[3];
                Proc sender = startSender(net, "send-1", "640x360", all);
                serving[0] = nowMicros();
                Map<String, String> env = new HashMap<>(pulse.environment());
                env.put("DISPLAY", x.display());
                Proc window = net.b().glasscast(dir, "view-window", env,
                        List.of("-D" + FrameLog.DISPLAYED + "=" + windowLog), "view", url, "--duration", "22",
                        "--stats-json", windowStats.toString());
                all.add(window);
                window.awaitOutput("view: first picture on screen", 30);
                Thread.sleep(3000);

                assertThat(sender.stop(30)).as("the sender stopped by SIGTERM").isZero();
                long stopped = nowMicros();
                Thread.sleep(3000);
                sender = startSender(net, "send-2", "640x360", all);
                serving[1] = nowMicros();
                Thread.sleep(4000);

                sender.process.destroyForcibly(); // kill -9: no BYE, no TEARDOWN; the kernel closes the connection
                sender.process.waitFor();
                long killed = nowMicros();
                Thread.sleep(3000);
                startSender(net, "send-3", "480x270", all); // restarted with another size: a new file
                serving[2] = nowMicros();

                assertThat(headless.waitFor(60)).as("headless viewer's exit; stderr:%n%s", headless.err()).isZero();
                assertThat(window.waitFor(60)).as("window viewer's exit; stderr:%n%s", window.err()).isZero();

                assertBackEachTime("headless", WindowSoundIT.rows(headlessLog), new long[] {serving[0], serving[1], serving[2]},
                        new long[] {0, stopped, killed});
                assertBackEachTime("window", WindowSoundIT.rows(windowLog), new long[] {serving[1], serving[2]},
                        new long[] {stopped, killed});
                for (Path stats : List.of(headlessStats, windowStats)) {
                    Object json = JsonReader.parse(Files.readString(stats));
                    assertThat(((Number) JsonReader.at(json, "reconnects")).longValue()).as(stats + " reconnects")
                            .isEqualTo(2);
                    assertThat(((Number) JsonReader.at(json, "waiting_ms.total")).longValue()).as(stats + " waited")
                            .isGreaterThan(6000);
                }
                assertThat(((Number) JsonReader.at(JsonReader.parse(Files.readString(headlessStats)),
                        "pattern.repeats")).longValue()).as("no frame shown twice").isZero();
                assertRecordedAcrossTheRestart(hall, stopped, serving, killed);
                assertThat(headless.out()).contains("view: the sender ended the stream; waiting for " + url)
                        .contains("view: lost the connection to " + net.a().address + "; waiting for " + url)
                        .containsPattern("view: playing again after [0-9.]+ s");
            } finally {
                all.forEach(Proc::close);
            }
        }
    }

    private Proc startSender(NetNamespaces net, String name, String size, List<Proc> all)
            throws IOException, InterruptedException {
        Proc sender = net.a().glasscast(dir, name, "send", "--size", size, "--audio", "test");
        all.add(sender);
        sender.awaitOutput("send: serving", 30);
        return sender;
    }

    /**
     * Frames from each sender: the first frame captured after the sender began serving is logged
     * within {@link #BACK_WITHIN_MICROS} of it, and frames of the sender before the gap were logged
     * before it went away.
     */
    private static void assertBackEachTime(String label, List<long[]> rows, long[] serving, long[] goneBefore) {
        assertThat(rows).as(label + ": frames logged").isNotEmpty();
        for (int i = 0; i < serving.length; i++) {
            long from = serving[i];
            long[] first = rows.stream().filter(r -> r[1] > from - 1_000_000 && r[2] >= from).findFirst().orElse(null);
            assertThat(first).as("%s: a frame of the sender serving from %d", label, from).isNotNull();
            System.out.printf(java.util.Locale.ROOT, "%s: sender %d serving -> first frame %.0f ms%n", label,
                    serving.length == 3 ? i + 1 : i + 2, (first[2] - from) / 1000.0);
            assertThat(first[2] - from).as("%s: serving → first frame of sender %d, µs", label, i + 1)
                    .isLessThanOrEqualTo(BACK_WITHIN_MICROS);
            if (goneBefore[i] > 0) {
                long gone = goneBefore[i];
                assertThat(rows.stream().anyMatch(r -> r[1] > 0 && r[1] < gone && r[2] < gone))
                        .as("%s: frames of the sender before the gap at %d", label, gone).isTrue();
            }
        }
    }

    /**
     * The recording goes on in one file through the SIGTERM restart (the same settings): every
     * picture readable, captured in order, the first sender's before the gap and the second's after
     * it, the outage a gap in the file's time; the third sender's other size starts the next file.
     */
    private void assertRecordedAcrossTheRestart(Path hall, long stopped, long[] serving, long killed) throws Exception {
        List<RecordedFile.Frame> frames = RecordedFile.frames(dir, hall, 640, 360);
        assertThat(frames).as("pictures in %s", hall).hasSizeGreaterThan(60)
                .allSatisfy(f -> assertThat(f.index()).as("a readable burned-in code").isNotNegative());
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).captureMicros()).as("captured in order").isGreaterThan(frames.get(i - 1).captureMicros());
        }
        assertThat(frames).as("the first sender's pictures, before the gap").anyMatch(f -> f.captureMicros() < stopped);
        assertThat(frames).as("the second sender's pictures, after it")
                .anyMatch(f -> f.captureMicros() > serving[1] - 1_000_000 && f.captureMicros() < killed);
        double span = (frames.get(frames.size() - 1).captureMicros() - frames.get(0).captureMicros()) / 1e6;
        assertThat(RecordedFile.duration(dir, hall)).as("the file lasts its capture span, outage included")
                .isCloseTo(span, org.assertj.core.data.Offset.offset(1.0));
        List<Double> pts = RecordedFile.videoPts(RecordedFile.packets(dir, hall), 0);
        double longest = 0;
        for (int i = 1; i < pts.size(); i++) {
            longest = Math.max(longest, pts.get(i) - pts.get(i - 1));
        }
        assertThat(longest).as("the outage, a gap in the file's time (s)").isGreaterThan(3.0);
        Path next = dir.resolve("hall-001.mkv");
        List<RecordedFile.Frame> after = RecordedFile.frames(dir, next, 480, 270);
        assertThat(after).as("the third sender's pictures, in the next file").isNotEmpty()
                .allSatisfy(f -> assertThat(f.captureMicros()).isGreaterThan(serving[2] - 1_000_000));
    }

    private static long nowMicros() {
        return System.currentTimeMillis() * 1000;
    }
}
