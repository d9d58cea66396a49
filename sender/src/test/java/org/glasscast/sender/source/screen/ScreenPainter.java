package org.glasscast.sender.source.screen;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.glasscast.protocol.pattern.PatternCode;

/**
 * A small X client of the tests: paints a known picture (a grey ramp and the burned-in code)
 * straight onto the root window of its own connection, and moves the pointer.
 */
public final class ScreenPainter implements AutoCloseable {
    private static final int ZPIXMAP = 2;
    private final Pointer display;
    private final long root;
    private final Pointer gc;
    private final Pointer image;
    private final Memory pixels;
    private final int width;
    private final int height;

    static {
        Native.register(ScreenPainter.class, NativeLibrary.getInstance("libX11.so.6"));
    }

    private static native Pointer XOpenDisplay(String name);

    private static native int XCloseDisplay(Pointer display);

    private static native int XDefaultScreen(Pointer display);

    private static native long XRootWindow(Pointer display, int screen);

    private static native int XDisplayWidth(Pointer display, int screen);

    private static native int XDisplayHeight(Pointer display, int screen);

    private static native Pointer XDefaultVisual(Pointer display, int screen);

    private static native int XDefaultDepth(Pointer display, int screen);

    private static native Pointer XDefaultGC(Pointer display, int screen);

    private static native Pointer XCreateImage(Pointer display, Pointer visual, int depth, int format, int offset,
                                               Pointer data, int width, int height, int bitmapPad, int bytesPerLine);

    private static native int XPutImage(Pointer display, long drawable, Pointer gc, Pointer image, int srcX, int srcY,
                                        int dstX, int dstY, int width, int height);

    private static native int XWarpPointer(Pointer display, long srcWindow, long dstWindow, int srcX, int srcY,
                                           int srcWidth, int srcHeight, int dstX, int dstY);

    private static native int XSync(Pointer display, int discard);

    private static native int XFree(Pointer data);

    public ScreenPainter(String displayName) {
        display = XOpenDisplay(displayName);
        if (display == null) {
            throw new IllegalStateException("test painter cannot open " + displayName);
        }
        int screen = XDefaultScreen(display);
        root = XRootWindow(display, screen);
        width = XDisplayWidth(display, screen);
        height = XDisplayHeight(display, screen);
        gc = XDefaultGC(display, screen);
        pixels = new Memory((long) width * height * 4);
        image = XCreateImage(display, XDefaultVisual(display, screen), XDefaultDepth(display, screen), ZPIXMAP, 0,
                pixels, width, height, 32, width * 4);
    }

    /**
     * Paints the whole screen: a grey ramp, and at {@code x, y} the code that a picture of
     * {@code pictureWidth x pictureHeight} carries at its top-left corner.
     */
    public void paint(int x, int y, int pictureWidth, int pictureHeight, long index, long micros) {
        ByteBuffer bgra = pixels.getByteBuffer(0, pixels.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int grey = 80 + (col + row) % 96;
                bgra.putInt((row * width + col) * 4, grey | grey << 8 | grey << 16);
            }
        }
        PatternCode.Geometry g = PatternCode.geometry(pictureWidth, pictureHeight);
        ByteBuffer luma = ByteBuffer.allocate(pictureWidth * g.heightPixels());
        PatternCode.draw(luma, pictureWidth, pictureWidth, pictureHeight, index, micros);
        for (int row = 0; row < g.heightPixels(); row++) {
            for (int col = 0; col < g.widthPixels(); col++) {
                int grey = (luma.get(row * pictureWidth + col) & 0xff) > 128 ? 255 : 0;
                bgra.putInt(((y + row) * width + x + col) * 4, grey | grey << 8 | grey << 16);
            }
        }
        XPutImage(display, root, gc, image, 0, 0, 0, 0, width, height);
        XSync(display, 0);
    }

    /**
     * Changes only the code of a picture painted by {@link #paint} at the same place, in one
     * request, as an application redrawing a counter would: a grab sees the old code or the new one.
     */
    public void paintCode(int x, int y, int pictureWidth, int pictureHeight, long index, long micros) {
        ByteBuffer bgra = pixels.getByteBuffer(0, pixels.size()).order(ByteOrder.LITTLE_ENDIAN);
        PatternCode.Geometry g = PatternCode.geometry(pictureWidth, pictureHeight);
        ByteBuffer luma = ByteBuffer.allocate(pictureWidth * g.heightPixels());
        PatternCode.draw(luma, pictureWidth, pictureWidth, pictureHeight, index, micros);
        for (int row = 0; row < g.heightPixels(); row++) {
            for (int col = 0; col < g.widthPixels(); col++) {
                int grey = (luma.get(row * pictureWidth + col) & 0xff) > 128 ? 255 : 0;
                bgra.putInt(((y + row) * width + x + col) * 4, grey | grey << 8 | grey << 16);
            }
        }
        XPutImage(display, root, gc, image, x, y, x, y, g.widthPixels(), g.heightPixels());
        XSync(display, 0);
    }

    /** Draws a plain grey square of {@code size} at {@code x, y}; the rest of the screen stays as it is. */
    public void square(int x, int y, int size, int grey) {
        ByteBuffer bgra = pixels.getByteBuffer(0, pixels.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = y; row < y + size; row++) {
            for (int col = x; col < x + size; col++) {
                bgra.putInt((row * width + col) * 4, grey | grey << 8 | grey << 16);
            }
        }
        XPutImage(display, root, gc, image, x, y, x, y, size, size);
        XSync(display, 0);
    }

    /** Moves the pointer to {@code x, y} of the root window. */
    void warpPointer(int x, int y) {
        XWarpPointer(display, 0, root, 0, 0, 0, 0, x, y);
        XSync(display, 0);
    }

    @Override
    public void close() {
        image.setPointer(Xlib.XIMAGE_DATA, null); // the Memory owns the pixels
        XFree(image);
        XCloseDisplay(display);
    }
}
