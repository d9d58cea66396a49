package org.glasscast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meter's arithmetic: where it looks, which frame flashed, and the signs of its figures. */
class AvMeterTest {
    @TempDir
    Path dir;

    @Test
    void flashAreaLiesInTheBlackBarBelowTheCodeAndAboveTheBox() {
        AvMeter.Region r = AvMeter.Region.flashArea(0, 0, 640, 360);
        // the black bar is the last eighth of the width over the top half; the code is 4 rows of width/40 blocks
        assertThat(r.x()).isGreaterThanOrEqualTo(640 * 7 / 8);
        assertThat(r.x() + r.width()).isLessThanOrEqualTo(640);
        assertThat(r.y()).isGreaterThanOrEqualTo(4 * (640 / 40));
        assertThat(r.y() + r.height()).isLessThanOrEqualTo(360 / 2 - 360 / 10);
        assertThat(AvMeter.Region.flashArea(100, 50, 640, 360).geometry()).isEqualTo(r.width() + "x" + r.height() + "+"
                + (r.x() + 100) + "+" + (r.y() + 50));
    }

    @Test
    void theFlashFrameIsTheFirstFrameCapturedInItsSecond() throws Exception {
        Path log = Files.writeString(dir.resolve("frames.csv"), String.join("\n",
                "index,capture_us,shown_us",
                "29,1000999970,1001100000",
                "31,2000033333,2000150000", // the second's first frame shown (30 was passed over)
                "30,2000000001,2000140000", // out of order in the log: the smallest capture time wins
                "32,2000066666,2000180000",
                "33,-1,2000200000",
                "34,30000999", ""));
        LongUnaryOperator captures = AvMeter.flashCaptures(log);
        assertThat(captures.applyAsLong(2000)).isEqualTo(2000000001L);
        assertThat(captures.applyAsLong(1000)).isEqualTo(1000999970L);
        assertThat(captures.applyAsLong(3000)).isEqualTo(-1);
    }

    @Test
    void offsetsArePositiveWhenTheSoundComesLater() {
        // beep heard 120 ms after the second; the flash frame, captured 20 ms after it, shown 100 ms later
        AvMeter.Second s = new AvMeter.Second(1000, 1000_120_000.0, 8_333, 1000_120_000.0, 1000_020_000L);
        assertThat(s.heardLatencyMillis()).isCloseTo(120, within(1e-9));
        assertThat(s.pictureLatencyMillis()).isCloseTo(100, within(1e-9));
        assertThat(s.avOffsetMillis()).as("sound 20 ms later than its picture").isCloseTo(20, within(1e-9));
        assertThat(s.rawOffsetMillis()).as("as an onlooker times them").isCloseTo(0, within(1e-9));
        AvMeter.Second unknown = new AvMeter.Second(1000, 1000_120_000.0, 8_333, 1000_120_000.0, -1);
        assertThat(unknown.pictureLatencyMillis()).isNaN();
        assertThat(unknown.avOffsetMillis()).as("against the whole second").isCloseTo(0, within(1e-9));
        AvMeter.Result r = new AvMeter.Result(List.of(s, new AvMeter.Second(1001, Double.NaN, Double.NaN,
                1001_130_000.0, -1)), 100, 120, true, null, null, 5, 5);
        assertThat(r.pairs()).hasSize(1);
        assertThat(r.beeps()).hasSize(2);
        assertThat(r.between(1001_000_000L, 1002_000_000L).seconds()).extracting(AvMeter.Second::second)
                .containsExactly(1001L);
        assertThat(r.figures().get("outside_av_offset_p50_ms")).isCloseTo(20, within(1e-9));
    }
}
