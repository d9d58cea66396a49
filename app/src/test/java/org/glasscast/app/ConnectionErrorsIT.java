package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a connection fails is named in one line, when it first happens: a viewer pointed at a
 * host whose firewall drops SYNs says {@code timed out after S s} within its {@code --timeout} (10 s
 * by default) with {@code --exit-on-end}, and an unknown host, a network with no route and a refusal
 * are named at the first failure, once, while the viewer goes on waiting for its sender. The same for a push ({@code send --to}). The hosts
 * are network namespaces ({@link NetNamespaces}); nothing a process in them sends can leave the
 * machine, so the {@code .invalid} name's DNS query fails there without reaching a name server.
 * All processes run at once: the test takes about the default time-out.
 */
class ConnectionErrorsIT {
    /**
     * Launch to exit of a process that only starts and fails: eight JVMs starting at once on a
     * busy 2-core machine. A silent host retried as before (4 x 10 s) would still be far beyond.
     */
    private static final double START_SECONDS = 12;

    @TempDir
    Path dir;

    @Test
    void connectionFailuresAreNamedInOneLineAtTheFirstFailure() throws Exception {
        try (NetNamespaces net = NetNamespaces.create()) {
            net.b().dropSyns(8554);
            String silent = "rtsp://" + net.b().address + ":8554/live";
            String unrouted = net.unroutedAddress();
            int closedPort = Proc.freePort();

            Proc.classDataArchive(); // built (once per test run) before the clock starts
            long launched = System.nanoTime();
            Proc silentDefault = net.a().glasscast(dir, "silent-default", "view", silent, "--headless", "--exit-on-end");
            Proc silentShort = net.a().glasscast(dir, "silent-2s", "view", silent, "--headless", "--exit-on-end",
                    "--timeout", "2");
            Proc refusedExit = Proc.glasscast(dir, "refused-exit", "view", "rtsp://127.0.0.1:" + closedPort + "/live",
                    "--headless", "--exit-on-end");
            // each names its cause at once, then waits for its sender, trying again: {cause, URL}
            Map<Proc, String[]> waiting = new LinkedHashMap<>();
            String noRoute = "rtsp://" + unrouted + ":8554/live";
            String unknown = "rtsp://capture-pc.invalid:8554/live";
            String refused = "rtsp://127.0.0.1:" + closedPort + "/live";
            waiting.put(net.a().glasscast(dir, "no-route", "view", noRoute, "--headless"),
                    new String[] {"no route to " + unrouted, noRoute});
            waiting.put(net.a().glasscast(dir, "unknown", "view", unknown, "--headless"),
                    new String[] {"unknown host capture-pc.invalid", unknown});
            waiting.put(Proc.glasscast(dir, "refused", "view", refused, "--headless"),
                    new String[] {"connection refused by 127.0.0.1:" + closedPort, refused});
            Proc pushUnrouted = net.a().glasscast(dir, "push-no-route", "send", "--to", unrouted + ":5004",
                    "--sdp", dir.resolve("push.sdp").toString(), "--size", "320x240", "--duration", "2", "--quiet");
            Proc pushUnknown = net.a().glasscast(dir, "push-unknown", "send", "--to", "capture-pc.invalid:5004",
                    "--sdp", dir.resolve("unknown.sdp").toString());
            Proc badTimeout = Proc.glasscast(dir, "bad-timeout", "view", silent, "--timeout", "0");
            List<Proc> all = new ArrayList<>(List.of(silentDefault, silentShort, refusedExit, pushUnrouted, pushUnknown,
                    badTimeout));
            all.addAll(waiting.keySet());
            try {
                // the cause is on stdout at the first failure, while the viewer goes on waiting for its sender
                for (Map.Entry<Proc, String[]> e : waiting.entrySet()) {
                    e.getKey().awaitOutput("view: " + e.getValue()[0], 30);
                }

                assertThat(refusedExit.waitFor(30)).as(refusedExit.err()).isEqualTo(1);
                assertThat(refusedExit.err().lines().toList()).as("--exit-on-end: the first failure, one line")
                        .containsExactly("glasscast: connection refused by 127.0.0.1:" + closedPort);

                assertThat(silentShort.waitFor(30)).isEqualTo(1);
                double shortSeconds = (System.nanoTime() - launched) / 1e9;
                assertThat(silentShort.err().strip())
                        .isEqualTo("glasscast: timed out after 2 s connecting to " + net.b().address + ":8554");
                assertThat(silentShort.out()).isEmpty();

                assertThat(pushUnknown.waitFor(30)).isEqualTo(1);
                assertThat(pushUnknown.err().lines().toList()).as("one line, no usage").hasSize(1)
                        .allSatisfy(l -> assertThat(l).startsWith("glasscast: unknown host capture-pc.invalid"));

                assertThat(pushUnrouted.waitFor(30)).as(pushUnrouted.err()).isZero();
                assertThat(pushUnrouted.out().lines().filter(l -> l.startsWith("send: cannot push")).toList())
                        .as("hundreds of failed sends, one line").containsExactly(
                                "send: cannot push to " + unrouted + ":5004: no route to " + unrouted);
                assertThat(pushUnrouted.err()).doesNotContain("Exception");

                assertThat(badTimeout.waitFor(30)).isEqualTo(2);
                assertThat(badTimeout.err().lines().findFirst().orElse(""))
                        .isEqualTo("glasscast: --timeout 0 is outside 0.1..3600 seconds");

                assertThat(silentDefault.waitFor(40)).isEqualTo(1);
                double defaultSeconds = (System.nanoTime() - launched) / 1e9;
                assertThat(silentDefault.err().strip())
                        .isEqualTo("glasscast: timed out after 10 s connecting to " + net.b().address + ":8554");
                // the old client retried a silent host for 25 s; now it waits its time-out once
                assertThat(defaultSeconds).as("launch to exit, default time-out").isBetween(10.0, 10 + START_SECONDS);
                assertThat(shortSeconds).as("launch to exit, --timeout 2").isBetween(2.0, 2 + START_SECONDS);

                // ten seconds and more of retries later, the waiting viewers still wait, having said why once
                for (Map.Entry<Proc, String[]> e : waiting.entrySet()) {
                    Proc p = e.getKey();
                    assertThat(p.process.isAlive()).as(e.getValue()[0] + ": still waiting; stderr:%n%s", p.err()).isTrue();
                    assertThat(p.out().lines().filter(l -> l.startsWith("view: ") && !l.contains("s frames=")).toList())
                            .as("the cause is told once").singleElement().satisfies(l -> assertThat(l)
                                    .startsWith("view: " + e.getValue()[0]).endsWith("; waiting for " + e.getValue()[1]));
                    assertThat(p.stop(30)).as("stopped on purpose while waiting").isZero();
                    assertThat(p.err()).doesNotContain("Exception");
                }
            } finally {
                all.forEach(Proc::close);
            }
        }
    }
}
