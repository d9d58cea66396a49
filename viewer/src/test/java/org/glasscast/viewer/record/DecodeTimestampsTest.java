package org.glasscast.viewer.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DecodeTimestampsTest {
    private static final long FRAME = 33_333;

    @Test
    void withoutBFramesDecodeTimeIsPresentationTime() {
        DecodeTimestamps d = new DecodeTimestamps(0);
        assertThat(d.next(0)).isZero();
        assertThat(d.next(FRAME)).isEqualTo(FRAME);
    }

    /** x264's -bf 2 without pyramid: I0 P3 B1 B2 P6 B4 B5 in decode order, reorder depth 1. */
    @Test
    void ipbbGop() {
        DecodeTimestamps d = new DecodeTimestamps(1);
        long[] pts = {0, 3, 1, 2, 6, 4, 5};
        List<Long> dts = new ArrayList<>();
        for (long p : pts) {
            dts.add(d.next(p * FRAME));
        }
        assertThat(dts).containsExactly(-DecodeTimestamps.LEAD_STEP_MICROS, 0L, FRAME, 2 * FRAME, 3 * FRAME, 4 * FRAME,
                5 * FRAME);
    }

    /**
     * Any decode order a B-pyramid of up to {@code depth} reordered frames gives (built as an
     * encoder would: each mini-GOP's anchor first, then its B-frames in any order that keeps at
     * most depth frames ahead): decode times rise strictly and never pass presentation times.
     */
    @Property(tries = 300)
    void decodeTimesRiseAndNeverPassPresentation(@ForAll @IntRange(min = 1, max = 4) int depth,
                                                 @ForAll @IntRange(min = 1, max = 40) int miniGops,
                                                 @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<Long> order = new ArrayList<>();
        order.add(0L);
        long next = 1;
        for (int g = 0; g < miniGops; g++) {
            int bframes = r.nextInt(depth + 1); // an anchor after b B-frames reorders b frames past them
            long anchor = next + bframes;
            order.add(anchor);
            List<Long> bs = new ArrayList<>();
            for (long b = next; b < anchor; b++) {
                bs.add(b);
            }
            java.util.Collections.shuffle(bs, r); // pyramid orders: still only the anchor is ahead of each
            order.addAll(bs);
            next = anchor + 1;
        }
        // reorder depth of this order: the most frames decoded before a frame but shown after it
        int actual = 0;
        for (int i = 0; i < order.size(); i++) {
            int ahead = 0;
            for (int j = 0; j < i; j++) {
                ahead += order.get(j) > order.get(i) ? 1 : 0;
            }
            actual = Math.max(actual, ahead);
        }
        DecodeTimestamps d = new DecodeTimestamps(Math.max(actual, 1));
        long last = Long.MIN_VALUE;
        for (long p : order) {
            long dts = d.next(p * FRAME);
            assertThat(dts).isGreaterThan(last).isLessThanOrEqualTo(p * FRAME);
            last = dts;
        }
    }
}
