package org.glasscast.app;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Types keys on an X display as a user would, through the XTEST extension (libXtst, Debian
 * libxtst6): the server delivers them to the focused window like real key presses.
 */
final class XTestKeys implements AutoCloseable {
    interface X11 extends Library {
        X11 LIB = Native.load("X11", X11.class);

        Pointer XOpenDisplay(String name);

        int XCloseDisplay(Pointer display);

        long XStringToKeysym(String name);

        byte XKeysymToKeycode(Pointer display, long keysym);

        int XFlush(Pointer display);
    }

    interface XTest extends Library {
        XTest LIB = Native.load("Xtst", XTest.class);

        int XTestFakeKeyEvent(Pointer display, int keycode, int isPress, long delayMillis);

        int XTestFakeMotionEvent(Pointer display, int screen, int x, int y, long delayMillis);
    }

    private final Pointer display;

    XTestKeys(String displayName) {
        display = X11.LIB.XOpenDisplay(displayName);
        if (display == null) {
            throw new IllegalStateException("cannot open X display " + displayName);
        }
    }

    /** Moves the pointer (so focus-follows-pointer servers give our window the keys). */
    void pointerTo(int x, int y) {
        XTest.LIB.XTestFakeMotionEvent(display, -1, x, y, 0);
        X11.LIB.XFlush(display);
    }

    /** Presses and releases the key of an X keysym name ("s", "Escape"). */
    void type(String keysym) {
        int code = X11.LIB.XKeysymToKeycode(display, X11.LIB.XStringToKeysym(keysym)) & 0xff;
        if (code == 0) {
            throw new IllegalArgumentException("no key for " + keysym);
        }
        XTest.LIB.XTestFakeKeyEvent(display, code, 1, 0);
        XTest.LIB.XTestFakeKeyEvent(display, code, 0, 0);
        X11.LIB.XFlush(display);
    }

    @Override
    public void close() {
        X11.LIB.XCloseDisplay(display);
    }
}
