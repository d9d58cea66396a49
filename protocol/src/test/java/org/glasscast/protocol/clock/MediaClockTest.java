package org.glasscast.protocol.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MediaClockTest {
    @Test
    void wallClockFollowsMonotonicSourceFromOneAnchor() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        MediaClock clock = new MediaClock(nanos::get, 1_700_000_000_000_000L);
        assertThat(clock.nowUnixMicros()).isEqualTo(1_700_000_000_000_000L);
        nanos.addAndGet(33_366_999L);
        assertThat(clock.nowUnixMicros()).isEqualTo(1_700_000_000_033_366L);
    }

    @Test
    void rtpTimestampIsTheCaptureTimeOnTheMediaClockAndWraps() {
        long t = 1_700_000_000_500_000L; // 1.7e9 s + 0.5 s
        long ts90k = MediaClock.rtpTimestamp(t, 90_000, 0);
        assertThat(ts90k).isEqualTo((1_700_000_000L * 90_000L + 45_000L) & 0xFFFF_FFFFL);
        // 1/90 s later is exactly 1000 ticks later, modulo 2^32
        assertThat((MediaClock.rtpTimestamp(t + 11_111, 90_000, 0) - ts90k) & 0xFFFF_FFFFL).isEqualTo(999);
        assertThat(MediaClock.rtpTimestamp(t, 48_000, 7)).isEqualTo((1_700_000_000L * 48_000L + 24_007L) & 0xFFFF_FFFFL);
    }
}
