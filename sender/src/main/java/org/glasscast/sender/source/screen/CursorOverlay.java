package org.glasscast.sender.source.screen;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.glasscast.sender.source.screen.Xlib.X11;
import org.glasscast.sender.source.screen.Xlib.Xfixes;

/**
 * Draws the mouse pointer into a grabbed picture: X servers leave it out of screen grabs. The
 * XFixes cursor image (premultiplied ARGB, one {@code unsigned long} per pixel) is re-read only
 * when its serial changes, into a buffer that is reused; its position is fetched every frame.
 * One thread.
 */
public final class CursorOverlay {
    private final X11Display display;
    private long serial = -1;
    /** Where the pointer's image was last drawn (root coordinates of its top-left). */
    private int drawnX = Integer.MIN_VALUE;
    private int drawnY = Integer.MIN_VALUE;
    private int cursorWidth;
    private int cursorHeight;
    private int[] argb = new int[0];
    private long[] raw = new long[0];

    /**
     * @throws IOException when the server has no XFixes extension
     */
    public CursorOverlay(X11Display display) throws IOException {
        if (!display.hasXfixes()) {
            throw new IOException("XFixes not available on " + display.name() + ": cannot draw the cursor");
        }
        this.display = display;
    }

    /**
     * Blends the cursor into {@code bgra} (a picture of {@code width x height} whose top-left is
     * at {@code originX, originY} of the root window) when any of it falls inside.
     *
     * @return whether the cursor was drawn
     */
    public boolean draw(ByteBuffer bgra, int stride, int width, int height, int originX, int originY) {
        Pointer image = Xfixes.XFixesGetCursorImage(display.handle());
        if (image == null) {
            return false;
        }
        int left;
        int top;
        try {
            left = image.getShort(Xlib.CURSOR_X) - (image.getShort(Xlib.CURSOR_XHOT) & 0xffff) - originX;
            top = image.getShort(Xlib.CURSOR_Y) - (image.getShort(Xlib.CURSOR_YHOT) & 0xffff) - originY;
            long imageSerial = image.getLong(Xlib.CURSOR_SERIAL);
            if (imageSerial != serial) {
                load(image);
                serial = imageSerial;
            }
        } finally {
            X11.XFree(image);
        }
        drawnX = left + originX;
        drawnY = top + originY;
        return blend(bgra, stride, width, height, argb, cursorWidth, cursorHeight, left, top);
    }

    /** Whether the pointer moved or changed shape since it was last drawn. */
    public boolean moved() {
        Pointer image = Xfixes.XFixesGetCursorImage(display.handle());
        if (image == null) {
            return false;
        }
        try {
            int x = image.getShort(Xlib.CURSOR_X) - (image.getShort(Xlib.CURSOR_XHOT) & 0xffff);
            int y = image.getShort(Xlib.CURSOR_Y) - (image.getShort(Xlib.CURSOR_YHOT) & 0xffff);
            return x != drawnX || y != drawnY || image.getLong(Xlib.CURSOR_SERIAL) != serial;
        } finally {
            X11.XFree(image);
        }
    }

    private void load(Pointer image) {
        cursorWidth = image.getShort(Xlib.CURSOR_WIDTH) & 0xffff;
        cursorHeight = image.getShort(Xlib.CURSOR_HEIGHT) & 0xffff;
        int n = cursorWidth * cursorHeight;
        if (raw.length < n) {
            raw = new long[n];
            argb = new int[n];
        }
        Pointer pixels = image.getPointer(Xlib.CURSOR_PIXELS);
        if (pixels == null) {
            cursorWidth = 0;
            cursorHeight = 0;
            return;
        }
        pixels.read(0, raw, 0, n);
        for (int i = 0; i < n; i++) {
            argb[i] = (int) raw[i]; // ARGB sits in the low 32 bits of each unsigned long
        }
    }

    /**
     * Blends a premultiplied ARGB image of {@code cursorWidth x cursorHeight} at {@code left, top}
     * of the picture, clipped to it (source over destination, as FFmpeg's x11grab does).
     */
    static boolean blend(ByteBuffer bgra, int stride, int width, int height,
                         int[] argb, int cursorWidth, int cursorHeight, int left, int top) {
        int x0 = Math.max(0, left);
        int y0 = Math.max(0, top);
        int x1 = Math.min(width, left + cursorWidth);
        int y1 = Math.min(height, top + cursorHeight);
        if (x0 >= x1 || y0 >= y1) {
            return false;
        }
        for (int y = y0; y < y1; y++) {
            int row = (y - top) * cursorWidth - left;
            int base = y * stride;
            for (int x = x0; x < x1; x++) {
                int p = argb[row + x];
                int a = p >>> 24;
                if (a == 0) {
                    continue;
                }
                int at = base + x * 4;
                if (a == 255) {
                    bgra.put(at, (byte) p);
                    bgra.put(at + 1, (byte) (p >>> 8));
                    bgra.put(at + 2, (byte) (p >>> 16));
                } else {
                    bgra.put(at, over(p & 0xff, bgra.get(at) & 0xff, a));
                    bgra.put(at + 1, over((p >>> 8) & 0xff, bgra.get(at + 1) & 0xff, a));
                    bgra.put(at + 2, over((p >>> 16) & 0xff, bgra.get(at + 2) & 0xff, a));
                }
            }
        }
        return true;
    }

    private static byte over(int source, int destination, int alpha) {
        return (byte) Math.min(255, source + (destination * (255 - alpha) + 127) / 255);
    }
}
