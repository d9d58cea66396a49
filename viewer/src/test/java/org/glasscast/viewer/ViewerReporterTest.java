package org.glasscast.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.glasscast.protocol.stats.JsonReader;
import org.glasscast.protocol.stats.StatsJson;
import org.glasscast.viewer.stats.CaptureTimeSource;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/** The status line and JSON say "n/a" / null for what is not known, and name where latency comes from. */
class ViewerReporterTest {
    private final ViewerStats stats = new ViewerStats();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ViewerReporter reporter = new ViewerReporter(stats,
            new ViewerConfig("s.sdp", false, true, false, 50, 0, null, false),
            new PrintStream(printed, true, StandardCharsets.UTF_8), () -> 1.0);

    @Test
    void aStreamWithoutCaptureTimesHasNoLatency() throws Exception {
        stats.framesDecoded.add(30);
        stats.framesDisplayed.add(30);
        stats.audioPackets.add(50);
        reporter.report(0, false);
        assertThat(line()).contains(" latency n/a ").doesNotContain("p50/p99").doesNotContain(" av=");
        Object json = json();
        assertThat(JsonReader.at(json, "latency_source")).isNull();
        for (String key : new String[] {"latency_ms.p50", "latency_ms.p95", "latency_ms.p99", "latency_ms.max",
                "display_latency_ms.p50", "display_latency_ms.max", "audio.av_offset_ms", "audio.arrival_offset_ms"}) {
            assertThat(JsonReader.at(json, key)).as(key).isNull();
        }
    }

    @Test
    void soundPlayingBeforeAnyPictureHasNoAvOffsetYet() throws Exception {
        // the window and sound are open, the stream not yet there (a viewer waiting for its sender)
        stats.audioOutputOpen = true;
        reporter.report(0, false);
        reporter.report(0, false);
        assertThat(line()).contains(" av=n/a ");
        assertThat(JsonReader.at(json(), "audio.av_offset_ms")).isNull();
    }

    @Test
    void waitingForTheStreamIsShownAndCounted() throws Exception {
        stats.waitingSinceNanos = System.nanoTime() - 3_000_000_000L;
        stats.waitingCause = "connection refused by 10.0.0.7:8554";
        stats.reconnects.add(2);
        stats.waitingMillisTotal.add(7_500);
        stats.waitingMillisLast = 3_200;
        reporter.report(0, false);
        assertThat(line()).containsPattern(" waiting=3\\.[0-9]s reconnects=2");
        Object json = json();
        assertThat(((Number) JsonReader.at(json, "waiting.for_ms")).longValue()).isBetween(3000L, 60_000L);
        assertThat(JsonReader.at(json, "waiting.cause")).isEqualTo("connection refused by 10.0.0.7:8554");
        assertThat(((Number) JsonReader.at(json, "reconnects")).longValue()).isEqualTo(2);
        assertThat(((Number) JsonReader.at(json, "waiting_ms.total")).longValue()).isEqualTo(7_500);
        assertThat(((Number) JsonReader.at(json, "waiting_ms.last")).longValue()).isEqualTo(3_200);
    }

    @Test
    void measuredCaptureTimesGiveLatencyAndItsSource() throws Exception {
        stats.latency.record(40_000);
        stats.latency.record(60_000);
        stats.latencyMeasuredFrom(CaptureTimeSource.ABS_CAPTURE_TIME);
        reporter.report(0, false);
        assertThat(line()).contains(" latency p50/p99=40/60 ms ");
        Object json = json();
        assertThat(JsonReader.at(json, "latency_source")).isEqualTo("abs-capture-time");
        assertThat(((Number) JsonReader.at(json, "latency_ms.max")).doubleValue()).isEqualTo(60.0);
    }

    @Test
    void noSoundPlayedMeansNoAvOffsetButTheArrivalOffsetIsKnown() throws Exception {
        // headless, --audio-out none: the sound is decoded 25 ms later after capture than the picture
        stats.videoLatencySumMicros.add(2 * 40_000);
        stats.videoLatencyCount.add(2);
        stats.audioLatencySumMicros.add(65_000);
        stats.audioLatencyCount.add(1);
        stats.displayAvOffsetSumMicros.add(10_000); // would not be counted without sound; must not leak through
        stats.displayAvOffsetCount.add(1);
        reporter.report(0, false);
        Object json = json();
        assertThat(JsonReader.at(json, "audio.av_offset_ms")).isNull();
        assertThat(((Number) JsonReader.at(json, "audio.arrival_offset_ms")).doubleValue()).isEqualTo(25.0);
        assertThat(stats.avOffsetMillis).isNaN();
    }

    @Test
    void withSoundTheAvOffsetIsAsPlayedAndHeardLatencyUnknownWithoutMeasuredTimes() throws Exception {
        stats.audioOutputOpen = true;
        stats.displayAvOffsetSumMicros.add(3 * 12_000);
        stats.displayAvOffsetCount.add(3);
        reporter.report(0, false);
        assertThat(line()).contains(" av=+12.0 ms heard p50=n/a ");
        Object json = json();
        assertThat(((Number) JsonReader.at(json, "audio.av_offset_ms")).doubleValue()).isEqualTo(12.0);
        assertThat(JsonReader.at(json, "audio.heard_latency_ms.p50")).isNull();
        stats.heardLatency.record(45_000);
        reporter.report(0, false);
        assertThat(line()).contains(" heard p50=45 ms ");
    }

    private String line() {
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        return lines[lines.length - 1];
    }

    private Object json() throws Exception {
        Map<String, Object> map = reporter.toMap(1.0, 0);
        return JsonReader.parse(StatsJson.toJson(map));
    }
}
