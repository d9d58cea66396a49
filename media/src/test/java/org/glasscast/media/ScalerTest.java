package org.glasscast.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

class ScalerTest {
    @Test
    void fitKeepsAspectWithEvenSides() {
        assertThat(Scaler.fit(1920, 1080, 960, 960)).containsExactly(960, 540);
        assertThat(Scaler.fit(1920, 1200, 1280, 720)).containsExactly(1152, 720);
        assertThat(Scaler.fit(1366, 768, 0, 0)).containsExactly(1366, 768);
        assertThat(Scaler.fit(1365, 767, 0, 0)).containsExactly(1364, 766);
    }

    @Test
    void bgraHalvesAndLeftRightColoursSurviveAsBt601Yuv() {
        int w = 320;
        int h = 180;
        ByteBuffer bgra = ByteBuffer.allocateDirect(w * h * 4);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // left half pure red, right half pure white (B, G, R, A)
                boolean left = x < w / 2;
                bgra.put((byte) (left ? 0 : 255)).put((byte) (left ? 0 : 255)).put((byte) 255).put((byte) 255);
            }
        }
        bgra.flip();
        YuvFrame out = new YuvFrame(160, 90);
        try (Scaler s = new Scaler(160, 90)) {
            s.scale(bgra, w, h, w * 4, avutil.AV_PIX_FMT_BGRA, out);
            s.scale(bgra, w, h, w * 4, avutil.AV_PIX_FMT_BGRA, out); // cached context, bound planes
        }
        int yRed = out.y().get(45 * out.strideY() + 20) & 0xff;
        int yWhite = out.y().get(45 * out.strideY() + 140) & 0xff;
        int vRed = out.v().get(22 * out.strideUV() + 10) & 0xff;
        int uWhite = out.u().get(22 * out.strideUV() + 70) & 0xff;
        assertThat(yRed).isBetween(76, 86);     // BT.601 limited range red: Y = 81
        assertThat(vRed).isBetween(235, 245);   // V = 240
        assertThat(yWhite).isBetween(230, 240); // Y = 235
        assertThat(uWhite).isBetween(124, 132); // U = 128
    }
}
