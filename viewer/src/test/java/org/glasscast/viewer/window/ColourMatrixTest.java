package org.glasscast.viewer.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values: the 75%/100% colour bars of BT.601 and BT.709 in 8-bit limited range. */
class ColourMatrixTest {
    @Test
    void limitedRangeBlackAndWhite() {
        assertRgb(ColourMatrix.toRgb(false, false, 16, 128, 128), 0, 0, 0);
        assertRgb(ColourMatrix.toRgb(true, false, 235, 128, 128), 1, 1, 1);
    }

    @Test
    void fullRangeBlackAndWhite() {
        assertRgb(ColourMatrix.toRgb(false, true, 0, 128, 128), 0, 0, 0);
        assertRgb(ColourMatrix.toRgb(true, true, 255, 128, 128), 1, 1, 1);
    }

    @Test
    void redIsRedInEachMatrix() {
        assertRgb(ColourMatrix.toRgb(false, false, 81, 90, 240), 1, 0, 0); // BT.601 red
        assertRgb(ColourMatrix.toRgb(true, false, 63, 102, 240), 1, 0, 0); // BT.709 red
        assertRgb(ColourMatrix.toRgb(true, false, 173, 42, 26), 0, 1, 0); // BT.709 green
    }

    @Test
    void unspecifiedMatrixIsGuessedFromTheSize() {
        assertThat(YuvFrame.isBt709(2, 1280, 720)).isTrue();
        assertThat(YuvFrame.isBt709(2, 640, 480)).isFalse();
        assertThat(YuvFrame.isBt709(6, 1920, 1080)).isFalse();
        assertThat(YuvFrame.isBt709(1, 640, 360)).isTrue();
    }

    @Test
    void letterboxKeepsTheAspect() {
        assertThat(PictureRenderer.letterbox(1280, 720, 1000, 1000)).containsExactly(0, 219, 1000, 562);
        assertThat(PictureRenderer.letterbox(640, 480, 1920, 1080)).containsExactly(240, 0, 1440, 1080);
        assertThat(PictureRenderer.letterbox(640, 360, 640, 360)).containsExactly(0, 0, 640, 360);
    }

    private static void assertRgb(double[] rgb, double r, double g, double b) {
        assertThat(rgb[0]).isCloseTo(r, within(0.02));
        assertThat(rgb[1]).isCloseTo(g, within(0.02));
        assertThat(rgb[2]).isCloseTo(b, within(0.02));
    }
}
