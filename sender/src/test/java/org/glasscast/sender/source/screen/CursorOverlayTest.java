package org.glasscast.sender.source.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CursorOverlayTest {
    // a 2x2 cursor, premultiplied ARGB: opaque red, half-transparent white (0x80 premultiplied), clear, opaque blue
    private static final int[] CURSOR = {0xFFFF0000, 0x80808080, 0x00000000, 0xFF0000FF};

    private static ByteBuffer grey(int width, int height, int stride) {
        ByteBuffer bgra = ByteBuffer.allocateDirect(stride * height);
        for (int i = 0; i < stride * height; i++) {
            bgra.put(i, (byte) 100);
        }
        return bgra;
    }

    private static int bgr(ByteBuffer bgra, int stride, int x, int y) {
        int at = y * stride + x * 4;
        return (bgra.get(at) & 0xff) | (bgra.get(at + 1) & 0xff) << 8 | (bgra.get(at + 2) & 0xff) << 16;
    }

    @Test
    void blendsPremultipliedSourceOverTheScreen() {
        int stride = 4 * 4 + 8; // 4 pixels plus padding
        ByteBuffer bgra = grey(4, 4, stride);
        assertThat(CursorOverlay.blend(bgra, stride, 4, 4, CURSOR, 2, 2, 1, 1)).isTrue();
        assertThat(bgr(bgra, stride, 1, 1)).isEqualTo(0xFF0000);            // opaque red
        int half = 0x80 + (100 * (255 - 0x80) + 127) / 255;                  // 128 + 50
        assertThat(bgr(bgra, stride, 2, 1)).isEqualTo(half << 16 | half << 8 | half);
        assertThat(bgr(bgra, stride, 1, 2)).isEqualTo(100 << 16 | 100 << 8 | 100); // clear: untouched
        assertThat(bgr(bgra, stride, 2, 2)).isEqualTo(0x0000FF);            // opaque blue
        assertThat(bgr(bgra, stride, 0, 0)).isEqualTo(100 << 16 | 100 << 8 | 100);
    }

    @Test
    void clipsAtTheEdges() {
        int stride = 16;
        ByteBuffer bgra = grey(4, 4, stride);
        assertThat(CursorOverlay.blend(bgra, stride, 4, 4, CURSOR, 2, 2, -1, -1)).isTrue();
        assertThat(bgr(bgra, stride, 0, 0)).isEqualTo(0x0000FF); // only the bottom-right pixel lands
        assertThat(CursorOverlay.blend(bgra, stride, 4, 4, CURSOR, 2, 2, 4, 0)).isFalse();
        assertThat(CursorOverlay.blend(bgra, stride, 4, 4, CURSOR, 2, 2, -2, 0)).isFalse();
    }
}
