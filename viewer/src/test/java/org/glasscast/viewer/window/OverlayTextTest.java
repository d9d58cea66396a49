package org.glasscast.viewer.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

class OverlayTextTest {
    @Test
    void recMarkSaysElapsedTimeAndSize() {
        assertThat(OverlayText.rec(83_400, 4_500_000)).isEqualTo("REC 01:23 4.5 MB");
        assertThat(OverlayText.rec(3_600_000, 2_340_000_000L))
                .isEqualTo("REC 60:00 2.34 GB");
    }

    @Test
    void recMarkSaysWhenTheRecordingWaitsForTheStream() {
        assertThat(OverlayText.rec(83_400, 4_500_000, true)).isEqualTo("REC 01:23 4.5 MB  waiting");
        assertThat(OverlayText.rec(83_400, 4_500_000, false)).isEqualTo("REC 01:23 4.5 MB");
    }

    @Test
    void reconnectsAndTimeSpentWaitingShowOnceThereAreAny() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        ViewerStats stats = new ViewerStats();
        assertThat(new OverlayText(stats, nanos::get).text(null)).doesNotContain("reconnects").doesNotContain("waiting");
        stats.reconnects.add(2);
        stats.waitingMillisLast = 3_240;
        stats.waitingMillisTotal.add(125_400);
        assertThat(new OverlayText(stats, nanos::get).text(null))
                .contains("\nreconnects 2  waiting last 3.2 s  total 2 min 05 s\n");
    }

    @Test
    void figuresAreRatesOverTheLastSecondAndRefreshAFewTimesASecond() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        ViewerStats stats = new ViewerStats();
        stats.width = 1280;
        stats.height = 720;
        stats.videoCodec = "h264";
        OverlayText text = new OverlayText(stats, nanos::get);
        String first = text.text(null);
        assertThat(first).startsWith("1280x720 h264\n").contains("fps recv -");
        assertThat(text.text(null)).as("not yet time to refresh").isSameAs(first);
        for (int i = 0; i < 4; i++) {
            nanos.addAndGet(OverlayText.REFRESH_NANOS);
            stats.framesReceived.add(15);
            stats.framesDecoded.add(15);
            stats.framesDisplayed.add(14);
            stats.bytesReceived.add(125_000 / 4);
            stats.decodeNanos.add(15 * 2_000_000L);
        }
        stats.displayLatency.record(40_000);
        text.displayed(41_000);
        String later = text.text("waiting for the stream...");
        assertThat(later).startsWith("waiting for the stream...\n")
                .contains("fps recv 60.0  dec 60.0  disp 56.0")
                .contains("bitrate 1000 kbps")
                .contains("latency 41 ms  p50 40  p99 40")
                .contains("decode 2.0 ms")
                .contains("A/V n/a");
    }

    @Test
    void aStreamWithoutCaptureTimesShowsLatencyAsNotKnown() {
        // ffmpeg's RTP push: pictures shown, but none with a measured capture time
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        ViewerStats stats = new ViewerStats();
        stats.audioOutputOpen = true;
        stats.framesDisplayed.add(30);
        String shown = new OverlayText(stats, nanos::get).text(null);
        assertThat(shown).contains("latency n/a\n").contains("A/V n/a").contains("sound n/a after capture")
                .doesNotContain("latency -");
    }

    @Test
    void soundWithMeasuredCaptureTimesShowsHowLongAfterCaptureItIsHeard() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        ViewerStats stats = new ViewerStats();
        stats.audioOutputOpen = true;
        stats.heardLatency.record(45_000);
        stats.avOffsetMillis = 12;
        assertThat(new OverlayText(stats, nanos::get).text(null)).contains("A/V +12 ms")
                .contains("sound 45 ms after capture");
    }
}
