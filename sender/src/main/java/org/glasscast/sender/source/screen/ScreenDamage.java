package org.glasscast.sender.source.screen;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.glasscast.sender.source.screen.Xlib.X11;
import org.glasscast.sender.source.screen.Xlib.Xdamage;
import org.glasscast.sender.source.screen.Xlib.Xfixes;

/**
 * Tells whether a rectangle of the screen changed since the last look, through the X DAMAGE
 * extension: the server accumulates every drawn area of the root window (and of the windows on
 * it); each look takes that area away and tests it against the rectangle. A still screen then
 * costs neither a grab nor an encode, and is never sent again as a "new" frame with a new time.
 * A look is one round trip (tens of microseconds locally), far less than a grab.
 *
 * <p>The damage events the server sends are of no use here (the area is fetched instead) and are
 * discarded at each look, so Xlib's event queue cannot grow. One thread, with the grabber's.
 */
final class ScreenDamage implements AutoCloseable {
    private final X11Display display;
    private final int x;
    private final int y;
    private final int width;
    private final int height;
    private final IntByReference count = new IntByReference();
    private long damage;
    private long parts;

    private ScreenDamage(X11Display display, int x, int y, int width, int height) {
        this.display = display;
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    /**
     * Tracks changes to a rectangle of the root window, or returns null when the server or this
     * machine lacks DAMAGE or XFixes (the caller then grabs every time).
     */
    static ScreenDamage track(X11Display display, int x, int y, int width, int height) {
        try {
            if (!display.hasXfixes()
                    || Xdamage.XDamageQueryExtension(display.handle(), new IntByReference(), new IntByReference()) == 0) {
                return null;
            }
        } catch (IllegalStateException | LinkageError e) {
            return null;
        }
        ScreenDamage d = new ScreenDamage(display, x, y, width, height);
        Pointer dpy = display.handle();
        d.parts = Xfixes.XFixesCreateRegion(dpy, null, 0);
        d.damage = Xdamage.XDamageCreate(dpy, display.root(), Xdamage.REPORT_NON_EMPTY);
        if (display.syncAndTakeError() != null) {
            d.close();
            return null;
        }
        return d;
    }

    /** Whether anything inside the rectangle was drawn since the previous look (or since tracking began). */
    boolean changed() {
        return take(null);
    }

    /**
     * As {@link #changed()}, and puts the bounding box of what was drawn, relative to the
     * rectangle and clipped to it, into {@code box} (x, y, width, height) when it answers true.
     */
    boolean take(int[] box) {
        Pointer dpy = display.handle();
        Xdamage.XDamageSubtract(dpy, damage, 0, parts);
        Pointer rects = Xfixes.XFixesFetchRegion(dpy, parts, count);
        X11.XSync(dpy, 1); // drop the DamageNotify events
        if (rects == null) {
            return false;
        }
        try {
            int n = count.getValue();
            int left = Integer.MAX_VALUE;
            int top = Integer.MAX_VALUE;
            int right = Integer.MIN_VALUE;
            int bottom = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                long at = (long) i * Xlib.RECT_SIZE;
                int x0 = Math.max(x, rects.getShort(at));
                int y0 = Math.max(y, rects.getShort(at + 2));
                int x1 = Math.min(x + width, rects.getShort(at) + (rects.getShort(at + 4) & 0xffff));
                int y1 = Math.min(y + height, rects.getShort(at + 2) + (rects.getShort(at + 6) & 0xffff));
                if (x0 < x1 && y0 < y1) {
                    left = Math.min(left, x0);
                    top = Math.min(top, y0);
                    right = Math.max(right, x1);
                    bottom = Math.max(bottom, y1);
                }
            }
            if (left >= right) {
                return false;
            }
            if (box != null) {
                box[0] = left - x;
                box[1] = top - y;
                box[2] = right - left;
                box[3] = bottom - top;
            }
            return true;
        } finally {
            X11.XFree(rects);
        }
    }

    @Override
    public void close() {
        Pointer dpy = display.handle();
        if (damage != 0) {
            Xdamage.XDamageDestroy(dpy, damage);
            damage = 0;
        }
        if (parts != 0) {
            Xfixes.XFixesDestroyRegion(dpy, parts);
            parts = 0;
        }
    }
}
