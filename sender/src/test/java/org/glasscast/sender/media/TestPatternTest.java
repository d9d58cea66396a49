package org.glasscast.sender.media;

import org.glasscast.media.YuvFrame;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.glasscast.protocol.pattern.PatternCode;
import org.junit.jupiter.api.Test;

class TestPatternTest {

    private static final long SECOND = 1_767_225_600_000_000L;

    @Test
    void codeReadsBackFromTheDrawnPicture() {
        TestPattern pattern = new TestPattern(1280, 720);
        YuvFrame f = new YuvFrame(1280, 720);
        for (int i = 0; i < 50; i++) {
            long micros = SECOND + 123_456 + i * 33_333L;
            pattern.draw(f, 1000 + i, micros, i % 7 == 0);
            assertThat(PatternCode.read(f.y(), f.strideY(), 1280, 720))
                    .isEqualTo(new PatternCode.Reading(1000 + i, micros));
        }
    }

    @Test
    void flashIsWhiteOutsideTheCodeWithNeutralChroma() {
        TestPattern pattern = new TestPattern(640, 360);
        YuvFrame f = new YuvFrame(640, 360);
        pattern.draw(f, 7, SECOND, true);
        PatternCode.Geometry code = PatternCode.geometry(640, 360);
        for (int y = 0; y < 360; y++) {
            for (int x = 0; x < 640; x++) {
                boolean inCode = x < code.widthPixels() && y < code.heightPixels();
                if (!inCode) {
                    assertThat(f.y().get(y * 640 + x) & 0xff).as("luma at %d,%d", x, y).isEqualTo(235);
                }
            }
        }
        for (int i = 0; i < f.u().capacity(); i++) {
            assertThat(f.u().get(i) & 0xff).isEqualTo(128);
            assertThat(f.v().get(i) & 0xff).isEqualTo(128);
        }
    }

    @Test
    void chromaUnderTheCodeIsNeutral() {
        TestPattern pattern = new TestPattern(1280, 720);
        YuvFrame f = new YuvFrame(1280, 720);
        pattern.draw(f, 1, SECOND + 500_000, false);
        PatternCode.Geometry code = PatternCode.geometry(1280, 720);
        for (int y = 0; y < code.heightPixels() / 2; y++) {
            for (int x = 0; x < code.widthPixels() / 2; x++) {
                assertThat(f.u().get(y * 640 + x) & 0xff).isEqualTo(128);
                assertThat(f.v().get(y * 640 + x) & 0xff).isEqualTo(128);
            }
        }
    }

    @Test
    void pictureMovesWithCaptureTime() {
        TestPattern pattern = new TestPattern(1280, 720);
        YuvFrame a = new YuvFrame(1280, 720);
        YuvFrame b = new YuvFrame(1280, 720);
        pattern.draw(a, 1, SECOND + 100_000, false);
        pattern.draw(b, 1, SECOND + 133_333, false);
        int changedBelowCode = 0;
        for (int i = 200 * 1280; i < 720 * 1280; i++) {
            if (a.y().get(i) != b.y().get(i)) {
                changedBelowCode++;
            }
        }
        assertThat(changedBelowCode).isGreaterThan(100_000);
        pattern.draw(b, 1, SECOND + 100_000, false);
        assertThat(b.y()).isEqualTo(a.y()); // a function of time and index only
    }

    @Test
    void drawSpeedIsPrinted() {
        TestPattern pattern = new TestPattern(1280, 720);
        YuvFrame f = new YuvFrame(1280, 720);
        for (int i = 0; i < 300; i++) {
            pattern.draw(f, i, SECOND + i * 33_333L, false);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            pattern.draw(f, i, SECOND + i * 33_333L, i % 30 == 0);
        }
        System.out.printf("TestPattern 1280x720: %.3f ms per draw%n", (System.nanoTime() - t0) / 1e6 / 300);
        ByteBuffer y = f.y();
        assertThat(y.position()).isZero();
    }
}
