package org.glasscast.viewer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Property
    void percentilesAreOrderedAndWithinMinAndMax(
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = -50_000, max = 12_000_000) Long> micros) {
        LatencyHistogram h = new LatencyHistogram();
        micros.forEach(h::record);
        double min = micros.stream().mapToLong(Long::longValue).min().orElseThrow() / 1000.0;
        double max = micros.stream().mapToLong(Long::longValue).max().orElseThrow() / 1000.0;
        double p50 = h.percentileMillis(50);
        double p95 = h.percentileMillis(95);
        double p99 = h.percentileMillis(99);
        assertThat(p50).isGreaterThanOrEqualTo(min).isLessThanOrEqualTo(p95);
        assertThat(p95).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);
        assertThat(h.maxMillis()).isEqualTo(max);
        assertThat(h.minMillis()).isEqualTo(min);
    }

    @Test
    void aSingleValueNearTheBottomOfItsBucketIsItsOwnEveryPercentile() {
        // the case demo --headless printed: p99 79.7 ms above max 79.6 ms (bucket 79.6–79.7, middle 79.65)
        LatencyHistogram h = new LatencyHistogram();
        h.record(79_600);
        assertThat(h.percentileMillis(99)).isEqualTo(79.6);
        assertThat(h.percentileMillis(50)).isEqualTo(79.6);
        assertThat(h.maxMillis()).isEqualTo(79.6);
    }

    @Test
    void percentilesOfASpreadAreTheirBucketsMiddles() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ms * 1000L + 20);
        }
        assertThat(h.percentileMillis(50)).isEqualTo(50.05);
        assertThat(h.percentileMillis(99)).isEqualTo(99.05);
        assertThat(h.maxMillis()).isEqualTo(100.02);
    }

    @Test
    void emptyIsUnknown() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMillis(50)).isNaN();
        assertThat(h.maxMillis()).isNaN();
    }
}
