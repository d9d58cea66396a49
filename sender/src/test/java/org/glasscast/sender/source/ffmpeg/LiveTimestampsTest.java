package org.glasscast.sender.source.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveTimestampsTest {
    private static final long MS = 1_000_000L;

    @Test
    void keepsTheStreamsSpacingThroughArrivalJitter() {
        LiveTimestamps stamps = new LiveTimestamps();
        long base = 1_000 * MS;
        // pts every 33.333 ms; arrivals jitter by up to 20 ms late
        assertThat(stamps.instant(0, base)).isEqualTo(base);
        assertThat(stamps.instant(33_333, base + 33 * MS + 15 * MS)).isEqualTo(base + 33_333_000L);
        assertThat(stamps.instant(66_666, base + 67 * MS)).isEqualTo(base + 66_666_000L);
        assertThat(stamps.instant(100_000, base + 120 * MS)).isEqualTo(base + 100_000_000L);
    }

    @Test
    void neverInTheFutureAFasterArrivalReanchors() {
        LiveTimestamps stamps = new LiveTimestamps();
        long base = 1_000 * MS;
        stamps.instant(0, base + 50 * MS); // the first picture was late
        // the next one came after 10 ms, not 33: pts + offset would be in the future; its delay is the new minimum
        assertThat(stamps.instant(33_333, base + 60 * MS)).isEqualTo(base + 60 * MS);
        assertThat(stamps.instant(66_666, base + 100 * MS)).isEqualTo(base + 60 * MS + 33_333_000L);
    }

    @Test
    void aLongStallReanchorsToArrival() {
        LiveTimestamps stamps = new LiveTimestamps();
        long base = 1_000 * MS;
        stamps.instant(0, base);
        long late = base + 33_333_000L + LiveTimestamps.MAX_LAG_NANOS + 1;
        assertThat(stamps.instant(33_333, late)).isEqualTo(late);
    }

    @Test
    void neverGoesBackwardsNorRepeats() {
        LiveTimestamps stamps = new LiveTimestamps();
        long base = 1_000 * MS;
        long a = stamps.instant(100_000, base);
        long b = stamps.instant(100_000, base + MS); // repeated pts
        long c = stamps.instant(50_000, base + 2 * MS); // pts jumped back: re-anchored, still after b
        long d = stamps.instant(LiveTimestamps.NO_PTS, base + 3 * MS);
        assertThat(new long[] {a, b, c, d}).isSorted().doesNotHaveDuplicates();
    }
}
