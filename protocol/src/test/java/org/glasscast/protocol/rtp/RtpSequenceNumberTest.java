package org.glasscast.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RtpSequenceNumberTest {

    @Test
    void diffWrapsAround() {
        assertThat(RtpSequenceNumber.diff(0, 65535)).isEqualTo(1);
        assertThat(RtpSequenceNumber.diff(65535, 0)).isEqualTo(-1);
        assertThat(RtpSequenceNumber.diff(5, 65530)).isEqualTo(11);
        assertThat(RtpSequenceNumber.diff(100, 100)).isZero();
        assertThat(RtpSequenceNumber.diff(32767, 0)).isEqualTo(32767);
        assertThat(RtpSequenceNumber.diff(32768, 0)).isEqualTo(-32768);
        assertThat(RtpSequenceNumber.isNewer(0, 65535)).isTrue();
        assertThat(RtpSequenceNumber.isNewer(65535, 0)).isFalse();
        assertThat(RtpSequenceNumber.isNewer(7, 7)).isFalse();
        assertThat(RtpSequenceNumber.next(65535)).isZero();
        assertThat(RtpSequenceNumber.next(41)).isEqualTo(42);
    }

    @Property(tries = 200)
    void diffIsTheShortestSignedDistance(@ForAll @IntRange(max = 65535) int b,
            @ForAll @IntRange(min = -32768, max = 32767) int distance) {
        int a = (b + distance) & 0xFFFF;
        assertThat(RtpSequenceNumber.diff(a, b)).isEqualTo(distance);
        assertThat(RtpSequenceNumber.isNewer(a, b)).isEqualTo(distance > 0);
    }

    @Test
    void unwrapperCountsCyclesAndPlacesReorderedPacketsBeforeTheWrap() {
        RtpSequenceUnwrapper u = new RtpSequenceUnwrapper();
        assertThat(u.highest()).isEqualTo(-1);
        assertThat(u.unwrap(65534)).isEqualTo(65534);
        assertThat(u.unwrap(0)).isEqualTo(65536);     // 65535 lost or late
        assertThat(u.unwrap(65535)).isEqualTo(65535); // late, still in the old cycle
        assertThat(u.unwrap(1)).isEqualTo(65537);
        assertThat(u.unwrap(65533)).isEqualTo(65533);
        assertThat(u.highest()).isEqualTo(65537);
        u.reset();
        assertThat(u.unwrap(3)).isEqualTo(3);
    }

    @Property(tries = 100)
    void unwrapperRecoversExtendedNumbersUnderLocalReordering(@ForAll @IntRange(max = 65535) int start,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<Long> extended = new ArrayList<>();
        for (long e = start; e < start + 3 * 65536L; e += 1 + random.nextInt(50)) {
            extended.add(e);
        }
        // shuffle within windows of 8: reordering, never by half the number space
        for (int i = 1; i + 8 < extended.size(); i += 8) {
            Collections.shuffle(extended.subList(i, i + 8), random);
        }
        RtpSequenceUnwrapper u = new RtpSequenceUnwrapper();
        for (long e : extended) {
            assertThat(u.unwrap((int) (e & 0xFFFF))).isEqualTo(e);
        }
    }
}
