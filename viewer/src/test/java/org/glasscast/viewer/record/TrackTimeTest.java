package org.glasscast.viewer.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackTimeTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @Test
    void exactCaptureTimesAreKeptAsTheyAre() {
        TrackTime t = new TrackTime(90_000);
        for (int i = 0; i < 300; i++) { // variable frame rate: 20 to 40 ms apart
            long capture = T0 + i * 30_000L + (i % 3) * 10_000L;
            assertThat(t.micros(capture, capture * 9 / 100, T0 + i * 30_000L + 50_000)).isEqualTo(capture);
        }
    }

    /** Placed by arrival before the first sender report, then glides onto the sender's times, 1 ms a packet. */
    @Test
    void aTrackPlacedByArrivalGlidesOntoCaptureTimesWithoutAJump() {
        TrackTime t = new TrackTime(90_000);
        long rtp = 1000;
        long previous = t.micros(-1, rtp, T0 + 80_000); // arrived 80 ms after its capture
        for (int i = 1; i < 200; i++) {
            rtp += 3000;
            long capture = T0 + i * 33_333L;
            long v = t.micros(i < 90 ? -1 : capture, rtp, capture + 80_000);
            assertThat(v - previous).as("interval %d", i).isBetween(33_333L - 1_001, 33_333L + 1_001);
            previous = v;
        }
        assertThat(previous).as("on the sender's time after 80 steps of 1 ms").isCloseTo(T0 + 199 * 33_333L,
                org.assertj.core.data.Offset.offset(2L));
    }

    @Test
    void bFramesStepBackAndForthInRtpTime() {
        TrackTime t = new TrackTime(90_000);
        int[] order = {0, 3, 1, 2, 6, 4, 5};
        for (int f : order) {
            assertThat(t.micros(-1, 90_000 + f * 3000L, T0 + 999_999)).as("frame " + f)
                    .isEqualTo(T0 + 999_999 + f * 100_000L / 3);
        }
    }

    /** While gliding onto capture times, B-frames keep their spacing: steps only at a new latest time. */
    @Test
    void bFramesKeepTheirSpacingWhileTheTrackGlides() {
        TrackTime t = new TrackTime(90_000);
        int[] gop = {0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 12, 10, 11};
        long[] shown = new long[gop.length];
        for (int f : gop) { // placed by arrival, 50 ms after capture; the sender's times known from frame 3 on
            long capture = T0 + f * 100_000L / 3;
            shown[f] = t.micros(f == 0 ? -1 : capture, 90_000 + f * 3000L, T0 + 50_000);
        }
        for (int f = 1; f < gop.length; f++) {
            assertThat(shown[f] - shown[f - 1]).as("interval before frame " + f).isBetween(33_333L - 1_001, 33_334L);
        }
        assertThat(shown[12]).as("steered 1 ms at each of frames 3, 6, 9 and 12").isEqualTo(T0 + 50_000 + 400_000 - 4_000);
    }

    @Test
    void followsTheRtpClockAcrossItsWrapForHours() {
        TrackTime t = new TrackTime(48_000);
        long rtp = 0xFFFF_0000L;
        long first = t.micros(-1, rtp, T0);
        long micros = 0;
        for (int hour = 1; hour <= 30; hour++) { // 30 h: the 32-bit clock wraps after 24.9 h at 48 kHz
            for (int step = 0; step < 3600; step++) {
                rtp = (rtp + 48_000) & 0xFFFF_FFFFL;
                micros += 1_000_000;
                assertThat(t.micros(-1, rtp, T0 + micros + 5_000) - first).isEqualTo(micros);
            }
        }
    }

    @Test
    void aSenderThatRestartsItsRtpTimeIsPlacedAgain() {
        TrackTime t = new TrackTime(90_000);
        t.micros(T0, 5_000, T0);
        assertThat(t.micros(T0 + 1_000_000, 5_000 + 90_000, T0 + 1_000_000)).isEqualTo(T0 + 1_000_000);
        // RTP time starts over at a random value
        assertThat(t.micros(T0 + 2_000_000, 123_456_789, T0 + 2_000_000)).isEqualTo(T0 + 2_000_000);
        assertThat(t.micros(T0 + 2_100_000, 123_456_789 + 9000, T0 + 2_100_000)).isEqualTo(T0 + 2_100_000);
    }

    /**
     * A restarted sender (a new RTP session) whose new timestamp base happens to lie just after
     * the old one: without the restart its packets would follow the old ones by their RTP step,
     * and the 1.5 s outage would be squeezed out.
     */
    @Test
    void aNewSessionIsPlacedAtItsCaptureTimeWhateverItsRtpBase() {
        TrackTime t = new TrackTime(90_000);
        assertThat(t.micros(T0, 5_000, T0)).isEqualTo(T0);
        assertThat(t.micros(T0 + 100_000, 5_000 + 9_000, T0 + 100_000)).isEqualTo(T0 + 100_000);
        t.restart();
        long resumed = T0 + 1_600_000;
        assertThat(t.micros(resumed, 5_000 + 12_000, resumed)).isEqualTo(resumed);
        assertThat(t.micros(resumed + 33_333, 5_000 + 15_000, resumed + 40_000)).isEqualTo(resumed + 33_333);
    }

    /** Without capture times, a new session is placed by arrival, off as much as the session before was. */
    @Test
    void aNewSessionWithoutCaptureTimesKeepsTheOffsetOfTheSessionBefore() {
        TrackTime t = new TrackTime(48_000);
        long rtp = 777;
        t.micros(T0, rtp, T0 + 80_000); // the sender's clock: 80 ms behind arrival
        for (int i = 1; i <= 50; i++) {
            rtp += 960;
            assertThat(t.micros(T0 + i * 20_000L, rtp, T0 + i * 20_000L + 80_000)).isEqualTo(T0 + i * 20_000L);
        }
        t.restart();
        long arrival = T0 + 50 * 20_000L + 80_000 + 3_000_000; // 3 s later, no capture time yet
        assertThat(t.micros(-1, 4_000_000_000L, arrival)).isEqualTo(T0 + 50 * 20_000L + 3_000_000);
        assertThat(t.micros(-1, 4_000_000_000L + 960, arrival + 25_000)).isEqualTo(T0 + 50 * 20_000L + 3_020_000);
    }
}
