package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.glasscast.protocol.stats.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lossy link never puts a broken picture on screen: the sender on one host, the viewer on
 * another (network namespaces joined by veth), the viewer's input losing 1 % of the UDP packets at
 * random and 20 in a row every 600 (about every 3 s at 720p30 with its sound). Every picture the
 * viewer decodes must carry a readable burned-in code (a picture decoded against one that never
 * arrived smears it); pictures that cannot be completed are skipped until the keyframe the viewer
 * asks for, and the stream plays on.
 */
class LossyLinkIT {
    @TempDir
    Path dir;

    @Test
    void lossSkipsPicturesButNeverShowsABrokenOne() throws Exception {
        try (NetNamespaces net = NetNamespaces.create()) {
            net.b().onInput("meta l4proto udp numgen random mod 100 < 1 drop");
            net.b().onInput("meta l4proto udp numgen inc mod 600 < 20 drop");
            Proc.classDataArchive();
            Path stats = dir.resolve("view.json");
            try (Proc sender = net.a().glasscast(dir, "send", "send", "--size", "1280x720", "--quiet")) {
                sender.awaitOutput("send: serving", 30);
                try (Proc view = net.b().glasscast(dir, "view", "view", "rtsp://" + net.a().address + ":8554/live",
                        "--headless", "--verify-pattern", "--duration", "20", "--quiet", "--stats-json",
                        stats.toString())) {
                    assertThat(view.waitFor(90)).as("view's exit; stderr:%n%s", view.err()).isZero();
                }
            }
            Object json = JsonReader.parse(Files.readString(stats));
            long lost = ((Number) JsonReader.at(json, "packets.lost")).longValue();
            long checked = ((Number) JsonReader.at(json, "pattern.checked")).longValue();
            long broken = ((Number) JsonReader.at(json, "pattern.errors")).longValue();
            long skipped = ((Number) JsonReader.at(json, "pattern.gaps")).longValue();
            System.out.printf("lossy link: %d packets lost, %d pictures shown, %d broken, %d skipped, %s keyframe requests%n",
                    lost, checked, broken, skipped, JsonReader.at(json, "keyframe_requests"));
            assertThat(lost).as("packets the link lost").isGreaterThan(20);
            assertThat(broken).as("broken pictures shown").isZero();
            assertThat(checked).as("pictures shown: the stream plays on after each loss").isGreaterThan(150);
            assertThat(((Number) JsonReader.at(json, "keyframe_requests")).longValue()).as("keyframes asked for")
                    .isPositive();
        }
    }
}
