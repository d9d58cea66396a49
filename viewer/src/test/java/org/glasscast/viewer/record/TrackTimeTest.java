package org.glasscast.viewer.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackTimeTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @Test
    void placedByTheFirstPacketThenCountedInRtpTime() {
        TrackTime t = new TrackTime(90_000);
        // no capture time yet: placed by arrival; a sender report then says 80 ms earlier, and the track stays put
        assertThat(t.micros(-1, 1000, T0)).isEqualTo(T0);
        assertThat(t.micros(-1, 1000 + 3000, T0 + 40_000)).isEqualTo(T0 + 33_333);
        assertThat(t.micros(T0 + 66_666 - 80_000, 1000 + 6000, T0 + 70_000)).isEqualTo(T0 + 66_666);
    }

    @Test
    void followsTheRtpClockAcrossItsWrapForHours() {
        TrackTime t = new TrackTime(48_000);
        long rtp = 0xFFFF_0000L;
        long first = t.micros(T0, rtp, T0);
        long micros = 0;
        for (int hour = 1; hour <= 30; hour++) { // 30 h: the 32-bit clock wraps after 24.9 h at 48 kHz
            for (int step = 0; step < 3600; step++) {
                rtp = (rtp + 48_000) & 0xFFFF_FFFFL;
                micros += 1_000_000;
                long v = t.micros(T0 + micros, rtp, T0 + micros);
                assertThat(v - first).isEqualTo(micros);
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
}
