package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.stats.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender forgets a viewer the standard way (RFC 2326 §12.37): one that sends neither RTCP nor
 * a request for the 20 s its Session header announces. Viewers whose machine vanishes (our
 * headless viewer over UDP and over TCP in a network namespace whose link then drops everything
 * both ways, so no FIN reaches the sender) leave the sender's {@code viewers} within 25 s, their
 * RTSP connections are closed, and the sender's log says why; Debian's ffmpeg pulling over UDP
 * for 60 s, with its keep-alives at half the timeout, is never dropped. Both run at once: the
 * test takes about the 60 s once.
 */
class SilentViewerIT {
    /** What the issue asks: a dead viewer is gone within this. */
    private static final double DROPPED_WITHIN_SECONDS = 25;
    /** The viewer that will vanish plays longer than one timeout first: its own RTCP and keep-alives hold it. */
    private static final double PLAY_BEFORE_VANISHING_SECONDS = 25;
    private static final double FFMPEG_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void aViewerWhoseMachineVanishesIsDroppedWithin25SecondsWhileFfmpegPullingOverUdpIsKept() throws Exception {
        try (NetNamespaces net = NetNamespaces.create()) {
            Path vanishingStats = dir.resolve("send-vanishing.json");
            Path keptStats = dir.resolve("send-ffmpeg.json");
            int port = Proc.freePort();
            String keptUrl = "rtsp://127.0.0.1:" + port + "/live";
            Proc.classDataArchive(); // built (once per test run) before the processes start
            Proc send = net.a().glasscast(dir, "send-vanishing", "send", "--listen", "0.0.0.0:8554", "--size", "320x240",
                    "--stats-json", vanishingStats.toString(), "--quiet");
            Proc sendKept = Proc.glasscast(dir, "send-ffmpeg", "send", "--listen", "127.0.0.1:" + port,
                    "--size", "320x240", "--stats-json", keptStats.toString(), "--quiet");
            List<Proc> all = new java.util.ArrayList<>(List.of(send, sendKept));
            try {
                send.awaitOutput("send: serving", 60);
                sendKept.awaitOutput("send: serving", 60);
                for (String transport : List.of("udp", "tcp")) {
                    all.add(net.b().glasscast(dir, "view-" + transport, "view", "rtsp://" + net.a().address + ":8554/live",
                            "--headless", "--transport", transport));
                }
                Proc ffmpeg = Proc.start(dir, "ffmpeg", List.of("/usr/bin/ffmpeg", "-nostdin", "-v", "error",
                        "-rtsp_transport", "udp", "-i", keptUrl, "-f", "null", "-"));
                all.add(ffmpeg);
                long viewPlaying = awaitViewers(vanishingStats, 2, send, 60);
                long ffmpegPlaying = awaitViewers(keptStats, 1, sendKept, 60);
                assertThat(established(net.a())).as("the viewers' RTSP connections").isEqualTo(2);

                long vanished = 0;
                long dropped = 0;
                while (dropped == 0 || seconds(System.nanoTime() - ffmpegPlaying) < FFMPEG_SECONDS) {
                    long now = System.nanoTime();
                    if (seconds(now - ffmpegPlaying) < FFMPEG_SECONDS) {
                        assertThat(ffmpeg.process.isAlive()).as("ffmpeg still pulls; stderr:%n%s", ffmpeg.err()).isTrue();
                        assertThat(viewers(keptStats)).as("ffmpeg's sender, %.1f s after ffmpeg played; log:%n%s",
                                seconds(now - ffmpegPlaying), sendKept.err()).isEqualTo(1);
                    }
                    if (vanished == 0) {
                        assertThat(viewers(vanishingStats)).as("viewers that are there, %.1f s after they played; log:%n%s",
                                seconds(now - viewPlaying), send.err()).isEqualTo(2);
                        if (seconds(now - viewPlaying) >= PLAY_BEFORE_VANISHING_SECONDS) {
                            vanished = System.nanoTime();
                            net.b().onInput("iifname \"gc0\" drop");
                            net.b().onOutput("oifname \"gc0\" drop");
                        }
                    } else if (dropped == 0 && viewers(vanishingStats) == 0) {
                        dropped = System.nanoTime();
                    } else if (dropped == 0) {
                            assertThat(seconds(now - vanished)).as("still viewers after their machine vanished; log:%n%s",
                                send.err()).isLessThan(DROPPED_WITHIN_SECONDS);
                    }
                    Thread.sleep(200);
                }
                String log = send.err();
                System.out.printf("viewer vanished after playing %.1f s; viewers 0 after %.1f s; ffmpeg kept for %.1f s%n",
                        seconds(vanished - viewPlaying), seconds(dropped - vanished), seconds(System.nanoTime() - ffmpegPlaying));
                System.out.println("vanishing viewer's sender:\n" + log + "ffmpeg's sender:\n" + sendKept.err());
                assertThat(seconds(dropped - vanished)).as("vanished to viewers 0; log:%n%s", log)
                        .isBetween(15.0, DROPPED_WITHIN_SECONDS); // it keeps the 20 s it announced
                String viewer = "viewer " + net.b().address + ":";
                List<String> lines = log.lines().filter(l -> l.contains(viewer)).map(l -> l.substring(l.indexOf(viewer)))
                        .toList();
                assertThat(lines).as("a line when each played, one when each was dropped and why; log:%n%s", log)
                        .hasSize(4)
                        .anySatisfy(l -> assertThat(l).matches("viewer [0-9.]+:\\d+ playing over UDP"))
                        .anySatisfy(l -> assertThat(l).matches("viewer [0-9.]+:\\d+ playing over TCP"))
                        .filteredOn(l -> l.contains(" dropped")).hasSize(2)
                        .allSatisfy(l -> assertThat(l).matches("viewer [0-9.]+:\\d+ dropped: no RTCP or request for 20 s"));
                assertThat(established(net.a())).as("the sender closed both RTSP connections (no FIN came)").isZero();

                String keptLog = sendKept.err();
                assertThat(keptLog).as("ffmpeg was never dropped").contains("playing over UDP")
                        .doesNotContain(" dropped").doesNotContain(" left (");
                for (String l : List.of(log, keptLog)) {
                    assertThat(l).doesNotContain("Exception").doesNotContain("WARN").doesNotContain("ERROR");
                }
            } finally {
                all.forEach(Proc::close);
            }
        }
    }

    /** Waits until a sender's JSON counts {@code n} viewers; returns when. */
    private static long awaitViewers(Path stats, int n, Proc sender, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (viewers(stats) != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + n + " viewers within " + timeoutSeconds + " s; sender log:\n" + sender.err());
            }
            Thread.sleep(100);
        }
        return System.nanoTime();
    }

    /** {@code viewers} in a sender's --stats-json; -1 before the file is written. */
    private static int viewers(Path stats) throws IOException {
        if (!Files.exists(stats)) {
            return -1;
        }
        return ((Number) JsonReader.at(JsonReader.parse(Files.readString(stats)), "viewers")).intValue();
    }

    /** Established TCP connections to port 8554 in the sender's host, as {@code ss} lists them. */
    private int established(NetNamespaces.Host host) throws Exception {
        try (Proc ss = Proc.start(dir, "ss",
                host.command(List.of("ss", "-Htn", "state", "established", "( sport = :8554 )")))) {
            assertThat(ss.waitFor(20)).as(ss.err()).isZero();
            return (int) ss.out().lines().filter(l -> !l.isBlank()).count();
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
