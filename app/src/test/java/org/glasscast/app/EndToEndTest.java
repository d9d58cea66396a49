package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glasscast.protocol.stats.JsonReader;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender and viewer in one JVM over loopback, judged by the burned-in code of every decoded
 * frame: each frame index from the first decoded to the last exactly once.
 */
class EndToEndTest {
    private static final double SECONDS = 6;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    static SenderConfig sender() {
        return SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0));
    }

    static ViewerConfig viewer(String url, boolean tcp, Path statsJson) {
        return new ViewerConfig(url, tcp, true, true, 50, SECONDS, statsJson, true);
    }

    @Test
    void udpDeliversEveryFrameIndexOnceWithAudioAndTrueStats(@TempDir Path dir) throws Exception {
        runOneViewer(false, dir.resolve("stats.json"));
    }

    @Test
    void tcpInterleavedDeliversEveryFrameIndexOnce(@TempDir Path dir) throws Exception {
        runOneViewer(true, dir.resolve("stats.json"));
    }

    private void runOneViewer(boolean tcp, Path statsJson) throws Exception {
        try (Sender sender = Sender.start(sender(), quiet)) {
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            Viewer viewer = Viewer.start(viewer(url, tcp, statsJson), quiet, null);
            viewer.awaitEnd();
            viewer.close();
            ViewerStats s = viewer.stats();
            assertThat(viewer.failed()).as(viewer.endReason()).isFalse();
            assertEveryFrameOnce(s, sender.framesDropped());
            assertThat(s.audioPackets.sum()).as("audio packets (100/s)").isGreaterThan((long) (80 * (SECONDS - 1)));
            assertThat(s.audioSamplesDecoded.sum()).isGreaterThan(48_000L * 4);
            assertThat(s.packetsLost.sum()).isZero();
            assertStatsFile(statsJson, s);
        }
    }

    /**
     * Every frame the sender sent arrived, once and readable. A frame index may be missing only
     * where the sender counted a drop (its encoder fell behind: a cold JIT, a machine shared with
     * other work); anything lost on the way or in the viewer is a gap the sender did not count.
     */
    static void assertEveryFrameOnce(ViewerStats s, long senderDropped) {
        long first = s.firstPatternIndex.get();
        long last = s.lastPatternIndex.get();
        assertThat(s.patternErrors.sum()).as("frames whose burned-in code was unreadable").isZero();
        assertThat(s.patternGaps.sum()).as("frame indices missing, beyond the %d the sender dropped", senderDropped)
                .isLessThanOrEqualTo(senderDropped);
        assertThat(s.patternRepeats.sum()).as("frame indices repeated").isZero();
        assertThat(last - first + 1).as("≥ 5 s of 30 fps decoded").isGreaterThanOrEqualTo(150);
        // each index once: the ones checked and the ones the sender dropped make up the whole span
        assertThat(s.patternChecked.sum()).as("each index exactly once").isEqualTo(last - first + 1 - s.patternGaps.sum());
        assertThat(s.framesDecoded.sum()).isEqualTo(s.patternChecked.sum());
    }

    private static void assertStatsFile(Path statsJson, ViewerStats s) throws Exception {
        Object json = JsonReader.parse(Files.readString(statsJson));
        for (String key : new String[] {"frames.received", "frames.decoded", "frames.displayed", "frames.dropped",
                "fps.decoded", "fps.displayed", "bitrate_kbps", "latency_ms.p50", "latency_ms.p95", "latency_ms.p99",
                "latency_ms.max", "packets.received", "packets.lost", "packets.recovered", "packets.late",
                "packets.malformed", "pattern.checked", "pattern.errors", "pattern.gaps", "audio.packets",
                "audio.av_offset_ms", "audio.arrival_offset_ms", "latency_source", "record.path", "record.frames",
                "record.bytes"}) {
            JsonReader.at(json, key);
        }
        // the file written at exit holds the same figures as the viewer's own counters
        assertThat(((Number) JsonReader.at(json, "frames.decoded")).longValue()).isEqualTo(s.framesDecoded.sum());
        assertThat(((Number) JsonReader.at(json, "pattern.checked")).longValue()).isEqualTo(s.patternChecked.sum());
        // gaps are judged above (only where the sender counted a drop); the file must agree with the counters
        assertThat(((Number) JsonReader.at(json, "pattern.gaps")).longValue()).isEqualTo(s.patternGaps.sum());
        assertThat(((Number) JsonReader.at(json, "packets.received")).longValue()).isEqualTo(s.packetsReceived.sum());
        double p50 = ((Number) JsonReader.at(json, "latency_ms.p50")).doubleValue();
        double p99 = ((Number) JsonReader.at(json, "latency_ms.p99")).doubleValue();
        double max = ((Number) JsonReader.at(json, "latency_ms.max")).doubleValue();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max + 0.1);
        assertThat(((Number) JsonReader.at(json, "fps.decoded")).doubleValue()).isPositive();
        assertThat(((Number) JsonReader.at(json, "bitrate_kbps")).doubleValue()).isPositive();
        // audio and video stamped on one clock arrive together: a timestamp check, not a timing one
        // (a sender whose audio clock had skipped frames during start-up was 273 ms off)
        assertThat(((Number) JsonReader.at(json, "audio.arrival_offset_ms")).doubleValue()).isBetween(-100.0, 100.0);
        // no sound played (headless, --audio-out none): no sound to be ahead of or behind the picture
        assertThat(JsonReader.at(json, "audio.av_offset_ms")).isNull();
        assertThat(JsonReader.at(json, "latency_source")).as("verified pattern").isEqualTo("pattern");
    }

    @Test
    void twoViewersGetTheSameStreamFromOneEncoder() throws Exception {
        try (Sender sender = Sender.start(sender(), quiet)) {
            Thread.sleep(2000); // viewers join a running sender, past its start-up (JIT, natives)
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            long droppedBefore = sender.framesDropped();
            Viewer a = Viewer.start(viewer(url, false, null), quiet, null);
            Viewer b = Viewer.start(viewer(url, true, null), quiet, null);
            a.awaitEnd();
            b.awaitEnd();
            a.close();
            b.close();
            String why = "sender dropped " + droppedBefore + " frames before the viewers joined, "
                    + sender.framesDropped() + " in all"
                    + "; viewer a lost=" + a.stats().packetsLost.sum() + " dropped=" + a.stats().framesDropped.sum()
                    + "; viewer b lost=" + b.stats().packetsLost.sum() + " dropped=" + b.stats().framesDropped.sum();
            long droppedWhileWatched = sender.framesDropped() - droppedBefore;
            assertThat(a.stats().patternGaps.sum()).as(why).isLessThanOrEqualTo(droppedWhileWatched);
            assertThat(b.stats().patternGaps.sum()).as(why).isLessThanOrEqualTo(droppedWhileWatched);
            assertEveryFrameOnce(a.stats(), droppedWhileWatched);
            assertEveryFrameOnce(b.stats(), droppedWhileWatched);
            // one encode per captured frame, not one per viewer
            long captured = sender.stats().framesCaptured.sum();
            long encoded = sender.stats().framesEncoded.sum();
            assertThat(encoded).isLessThanOrEqualTo(captured);
            assertThat(a.stats().framesDecoded.sum() + b.stats().framesDecoded.sum()).isGreaterThan(encoded);
            // both saw the same frames: their index ranges overlap for nearly the whole run
            long overlap = Math.min(a.stats().lastPatternIndex.get(), b.stats().lastPatternIndex.get())
                    - Math.max(a.stats().firstPatternIndex.get(), b.stats().firstPatternIndex.get());
            assertThat(overlap).isGreaterThan(120);
        }
    }
}
