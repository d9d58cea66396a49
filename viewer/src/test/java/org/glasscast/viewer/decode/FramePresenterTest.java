package org.glasscast.viewer.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.CaptureTimeSource;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/** Latency counts only from a measured capture time; a sender report's estimate still places the frame. */
class FramePresenterTest {
    private static final long NOW_MICROS = 1_700_000_000_000_000L;

    private final ViewerStats stats = new ViewerStats();
    private final CaptureClock reports = new CaptureClock(90_000);
    private final List<Long> handedOn = new ArrayList<>();
    private final FramePresenter presenter = new FramePresenter(stats, new MediaClock(() -> 5_000_000_000L, NOW_MICROS),
            reports, false, (frame, capture) -> handedOn.add(capture));

    @Test
    void absCaptureTimeIsALatency() {
        presenter.present(picture(), 3000, NtpTime.fromUnixMicros(NOW_MICROS - 40_000));
        assertThat(stats.latency.count()).isEqualTo(1);
        assertThat(stats.latency.maxMillis()).isEqualTo(40.0);
        assertThat(stats.latencySource()).isEqualTo(CaptureTimeSource.ABS_CAPTURE_TIME);
        assertThat(stats.latencySource().jsonName()).isEqualTo("abs-capture-time");
        assertThat(stats.videoCaptureMeasured).isTrue();
        assertThat(handedOn).containsExactly(NOW_MICROS - 40_000);
    }

    @Test
    void aSenderReportsTimePlacesTheFrameButIsNoLatency() {
        // ffmpeg's report: its wall clock now, paired with the RTP time it counts on from its muxer's start
        reports.onSenderReport(NtpTime.fromUnixMicros(NOW_MICROS - 1_000_000), 0);
        presenter.present(picture(), 90_000, 0); // one second of RTP time later: "captured" now
        assertThat(handedOn).as("the frame keeps its place for sync and recording").containsExactly(NOW_MICROS);
        assertThat(stats.latency.count()).as("no latency figure from an estimate").isZero();
        assertThat(stats.latencySource()).isEqualTo(CaptureTimeSource.NONE);
        assertThat(stats.latencySource().jsonName()).isNull();
        assertThat(stats.videoCaptureMeasured).isFalse();
        assertThat(stats.videoLatencyCount.sum()).as("the A/V arrival offset may use it").isEqualTo(1);
    }

    @Test
    void noCaptureTimeAtAll() {
        presenter.present(picture(), 3000, 0);
        assertThat(handedOn).containsExactly(-1L);
        assertThat(stats.latency.count()).isZero();
        assertThat(stats.videoLatencyCount.sum()).isZero();
        assertThat(stats.framesDecoded.sum()).isEqualTo(1);
    }

    @Test
    void aMeasuredSourceStaysReportedWhenSomeFramesHaveOnlyAnEstimate() {
        presenter.present(picture(), 0, NtpTime.fromUnixMicros(NOW_MICROS - 30_000));
        reports.onSenderReport(NtpTime.fromUnixMicros(NOW_MICROS), 3000);
        presenter.present(picture(), 3000, 0);
        assertThat(stats.latency.count()).isEqualTo(1);
        assertThat(stats.latencySource()).isEqualTo(CaptureTimeSource.ABS_CAPTURE_TIME);
        assertThat(stats.videoCaptureMeasured).as("the latest frame's was estimated").isFalse();
    }

    private static Picture picture() {
        ByteBuffer y = ByteBuffer.allocateDirect(16);
        ByteBuffer c = ByteBuffer.allocateDirect(4);
        return new Picture() {
            @Override
            public int width() {
                return 4;
            }

            @Override
            public int height() {
                return 4;
            }

            @Override
            public ByteBuffer plane(int i) {
                return i == 0 ? y : c;
            }

            @Override
            public int stride(int i) {
                return i == 0 ? 4 : 2;
            }

            @Override
            public boolean fullRange() {
                return false;
            }
        };
    }
}
