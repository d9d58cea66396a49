package org.glasscast.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NtpTimeTest {

    @Test
    void knownValues() {
        assertThat(NtpTime.fromUnixMicros(0)).isEqualTo(2_208_988_800L << 32);
        assertThat(NtpTime.fromUnixMicros(500_000)).isEqualTo((2_208_988_800L << 32) | 0x8000_0000L);
        // 2024-01-01T00:00:00Z = 1704067200 s
        assertThat(NtpTime.toUnixMicros((1_704_067_200L + 2_208_988_800L) << 32)).isEqualTo(1_704_067_200_000_000L);
        assertThat(NtpTime.compact(0x1234_5678_9ABC_DEF0L)).isEqualTo(0x5678_9ABC);
    }

    @Test
    void secondsWrapIn2036IntoEraOne() {
        long micros2040 = 2_208_988_800_000_000L; // 2040-01-01, past 2036-02-07
        long ntp = NtpTime.fromUnixMicros(micros2040);
        assertThat(ntp >>> 63).isZero();
        assertThat(NtpTime.toUnixMicros(ntp)).isEqualTo(micros2040);
    }

    @Property(tries = 300)
    void microsRoundTripExactly(@ForAll @LongRange(min = -60_000_000_000_000L, max = 4_000_000_000_000_000L) long micros) {
        assertThat(NtpTime.toUnixMicros(NtpTime.fromUnixMicros(micros))).isEqualTo(micros);
    }
}
