package org.glasscast.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.sender.source.screen.ShmGrabber;
import org.glasscast.sender.source.screen.X11Display;

/** What is on an X screen now, as the user sees it: RGB pixels read back from the server. */
final class Screenshot {
    final int width;
    final int height;
    private final int[] rgb;

    private Screenshot(int width, int height, int[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** Grabs the whole screen of {@code display} (MIT-SHM, as the screen source does). */
    static Screenshot take(String display) throws IOException {
        try (X11Display d = X11Display.open(display);
             ShmGrabber g = new ShmGrabber(d, 0, 0, d.width(), d.height())) {
            g.grab();
            ByteBuffer p = g.pixels();
            int[] rgb = new int[g.width() * g.height()];
            for (int y = 0; y < g.height(); y++) {
                for (int x = 0; x < g.width(); x++) {
                    int o = y * g.stride() + x * 4; // B, G, R, X
                    rgb[y * g.width() + x] = (p.get(o + 2) & 0xff) << 16 | (p.get(o + 1) & 0xff) << 8 | (p.get(o) & 0xff);
                }
            }
            return new Screenshot(g.width(), g.height(), rgb);
        }
    }

    int rgb(int x, int y) {
        return rgb[y * width + x];
    }

    /**
     * The burned-in frame index of a picture shown at the top-left corner at {@code w x h}
     * screen pixels, or -1 when it cannot be read there.
     */
    long frameIndex(int w, int h) {
        byte[] luma = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb(x, y);
                luma[y * w + x] = (byte) (((p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff)) / 3);
            }
        }
        PatternCode.Reading r = PatternCode.read(ByteBuffer.wrap(luma), w, w, h);
        return r == null ? -1 : r.frameIndex();
    }

    /** Pixels in the rectangle whose red, green and blue all lie in {@code lo..hi}. */
    int count(int x0, int y0, int x1, int y1, int lo, int hi) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = rgb(x, y);
                int r = p >> 16 & 0xff;
                int g = p >> 8 & 0xff;
                int b = p & 0xff;
                if (r >= lo && r <= hi && g >= lo && g <= hi && b >= lo && b <= hi) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Strongly red pixels (the REC mark) in the rectangle. */
    int countRed(int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = rgb(x, y);
                if ((p >> 16 & 0xff) >= 200 && (p >> 8 & 0xff) <= 90 && (p & 0xff) <= 90) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Writes the rectangle {@code w x h} at the top-left as a PNG. */
    void savePng(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(x, y));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
