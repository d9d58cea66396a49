package org.glasscast.viewer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.glasscast.protocol.rtp.NtpTime;
import org.junit.jupiter.api.Test;

class CaptureClockTest {
    private static final long T0 = 1_700_000_000_000_000L; // µs since the epoch

    private static long ntp(long unixMicros) {
        return NtpTime.fromUnixMicros(unixMicros);
    }

    @Test
    void firstReportPlacesTheTrackAndRtpTimeCountsFromIt() {
        CaptureClock c = new CaptureClock(90_000);
        assertThat(c.unixMicros(1234)).isEqualTo(-1);
        c.onSenderReport(ntp(T0), 90_000);
        assertThat(c.unixMicros(90_000 + 3000)).isCloseTo(T0 + 33_333, org.assertj.core.data.Offset.offset(1L));
        assertThat(c.unixMicros(90_000 - 90_000)).isCloseTo(T0 - 1_000_000, org.assertj.core.data.Offset.offset(1L));
    }

    /** Reports scattered by ±30 ms (ffmpeg's, behind an encoder) move frame times by at most 2.5 ms each (500 ppm of 5 s). */
    @Test
    void scatteredReportsDoNotMakeFramesStutter() {
        CaptureClock c = new CaptureClock(90_000);
        Random r = new Random(7);
        long rtp = 0;
        c.onSenderReport(ntp(T0), rtp);
        long previous = c.unixMicros(rtp);
        for (int frame = 1; frame < 30 * 120; frame++) {
            rtp += 3000;
            if (frame % 150 == 0) { // a report every 5 s
                long truth = T0 + frame * 1_000_000L / 30;
                c.onSenderReport(ntp(truth + r.nextInt(60_001) - 30_000), rtp);
            }
            long t = c.unixMicros(rtp);
            assertThat(t - previous).as("frame %d's interval", frame).isBetween(33_333L - 2_501, 33_333L + 2_501);
            previous = t;
        }
    }

    @Test
    void aDriftingSenderIsFollowedAndARestartPlacesTheTrackAgain() {
        CaptureClock c = new CaptureClock(48_000);
        c.onSenderReport(ntp(T0), 0);
        // the sender's RTP clock runs 100 ppm slow against its wall clock: 10 minutes of reports every 5 s;
        // followed with a lag of 4 reports' drift (2 ms)
        for (int s = 5; s <= 600; s += 5) {
            c.onSenderReport(ntp(T0 + s * 1_000_000L), (long) (s * 48_000 * (1 - 100e-6)));
        }
        long rtp600 = (long) (600 * 48_000 * (1 - 100e-6));
        assertThat(c.unixMicros(rtp600)).isCloseTo(T0 + 600_000_000L, org.assertj.core.data.Offset.offset(2_500L));
        // 400 ppm (a cheap sound card against the system clock) is followed too, 4 reports' drift behind
        CaptureClock fast = new CaptureClock(48_000);
        fast.onSenderReport(ntp(T0), 0);
        for (int s = 5; s <= 600; s += 5) {
            fast.onSenderReport(ntp(T0 + s * 1_000_000L), (long) (s * 48_000 * (1 + 400e-6)));
        }
        assertThat(fast.unixMicros((long) (600 * 48_000 * (1 + 400e-6))))
                .isCloseTo(T0 + 600_000_000L, org.assertj.core.data.Offset.offset(9_000L));
        // a new sender process: its RTP time starts anywhere
        c.onSenderReport(ntp(T0 + 700_000_000L), 5_000);
        assertThat(c.unixMicros(5_000 + 48_000)).isEqualTo(T0 + 701_000_000L);
    }
}
