package org.glasscast.sender.source.screen;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few Xlib, MIT-SHM, XFixes, XRandR and System V shared-memory calls screen capture needs,
 * bound by JNA direct mapping (no per-call argument arrays). Libraries are loaded by soname, from
 * Debian's libx11-6, libxext6, libxfixes3, libxrandr2; each nested class loads its own library on
 * first use, so a missing optional one (XFixes, XRandR) fails only the feature that needs it.
 *
 * <p>Struct layouts are for LP64 (x86-64, aarch64): {@code long}, {@code XID} and pointers are 8 bytes.
 */
final class Xlib {
    static final int ZPIXMAP = 2;
    static final long ALL_PLANES = ~0L;
    static final int SUCCESS = 0;

    /** XImage field offsets, Xlib.h. */
    static final int XIMAGE_WIDTH = 0;
    static final int XIMAGE_HEIGHT = 4;
    static final int XIMAGE_DATA = 16;
    static final int XIMAGE_BYTE_ORDER = 24;
    static final int XIMAGE_DEPTH = 40;
    static final int XIMAGE_BYTES_PER_LINE = 44;
    static final int XIMAGE_BITS_PER_PIXEL = 48;
    static final int XIMAGE_RED_MASK = 56;
    static final int XIMAGE_GREEN_MASK = 64;
    static final int XIMAGE_BLUE_MASK = 72;

    /** XShmSegmentInfo, XShm.h: ShmSeg shmseg; int shmid; char *shmaddr; Bool readOnly. */
    static final int SHMINFO_SIZE = 32;
    static final int SHMINFO_SHMSEG = 0;
    static final int SHMINFO_SHMID = 8;
    static final int SHMINFO_SHMADDR = 16;
    static final int SHMINFO_READONLY = 24;

    /** XRRMonitorInfo, Xrandr.h: Atom name; Bool primary, automatic; int noutput, x, y, width, height, mwidth, mheight; RROutput *outputs. */
    static final int MONITOR_SIZE = 56;
    static final int MONITOR_NAME = 0;
    static final int MONITOR_PRIMARY = 8;
    static final int MONITOR_X = 20;
    static final int MONITOR_Y = 24;
    static final int MONITOR_WIDTH = 28;
    static final int MONITOR_HEIGHT = 32;

    /** XFixesCursorImage, Xfixes.h: short x, y; unsigned short width, height, xhot, yhot; unsigned long cursor_serial; unsigned long *pixels. */
    static final int CURSOR_X = 0;
    static final int CURSOR_Y = 2;
    static final int CURSOR_WIDTH = 4;
    static final int CURSOR_HEIGHT = 6;
    static final int CURSOR_XHOT = 8;
    static final int CURSOR_YHOT = 10;
    static final int CURSOR_SERIAL = 16;
    static final int CURSOR_PIXELS = 24;

    /** XErrorEvent, Xlib.h: int type; Display *display; XID resourceid; unsigned long serial; unsigned char error_code, request_code, minor_code. */
    static final int ERROR_DISPLAY = 8;
    static final int ERROR_CODE = 32;
    static final int ERROR_REQUEST = 33;

    private Xlib() {
    }

    private static NativeLibrary load(String soname, String debianPackage) {
        try {
            return NativeLibrary.getInstance(soname);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException(soname + " not found: install " + debianPackage, e);
        }
    }

    /** {@code int (*XErrorHandler)(Display *, XErrorEvent *)}. */
    interface ErrorHandler extends Callback {
        int invoke(Pointer display, Pointer event);
    }

    /** libX11. */
    static final class X11 {
        static {
            Native.register(X11.class, load("libX11.so.6", "libx11-6"));
        }

        private X11() {
        }

        static native Pointer XOpenDisplay(String name);

        static native int XCloseDisplay(Pointer display);

        static native int XDefaultScreen(Pointer display);

        static native long XRootWindow(Pointer display, int screen);

        static native int XDisplayWidth(Pointer display, int screen);

        static native int XDisplayHeight(Pointer display, int screen);

        static native Pointer XDefaultVisual(Pointer display, int screen);

        static native int XDefaultDepth(Pointer display, int screen);

        static native int XFree(Pointer data);

        static native int XSync(Pointer display, int discard);

        static native Pointer XGetAtomName(Pointer display, long atom);

        static native ErrorHandler XSetErrorHandler(ErrorHandler handler);
    }

    /** libXext, MIT-SHM. */
    static final class Xext {
        static {
            Native.register(Xext.class, load("libXext.so.6", "libxext6"));
        }

        private Xext() {
        }

        static native int XShmQueryExtension(Pointer display);

        static native Pointer XShmCreateImage(Pointer display, Pointer visual, int depth, int format, Pointer data,
                                              Pointer shminfo, int width, int height);

        static native int XShmAttach(Pointer display, Pointer shminfo);

        static native int XShmDetach(Pointer display, Pointer shminfo);

        static native int XShmGetImage(Pointer display, long drawable, Pointer image, int x, int y, long planeMask);
    }

    /** libXfixes. */
    static final class Xfixes {
        static {
            Native.register(Xfixes.class, load("libXfixes.so.3", "libxfixes3"));
        }

        private Xfixes() {
        }

        static native int XFixesQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

        static native Pointer XFixesGetCursorImage(Pointer display);

        static native long XFixesCreateRegion(Pointer display, Pointer rectangles, int count);

        static native void XFixesDestroyRegion(Pointer display, long region);

        /** The region's rectangles ({@link #RECT_SIZE} bytes each), to be freed with XFree; null when empty. */
        static native Pointer XFixesFetchRegion(Pointer display, long region, IntByReference count);
    }

    /** XRectangle, Xlib.h: short x, y; unsigned short width, height. */
    static final int RECT_SIZE = 8;

    /** libXdamage: which parts of a drawable changed since they were last looked at. */
    static final class Xdamage {
        /** One event when damage goes from empty to not empty; the damaged area itself is fetched. */
        static final int REPORT_NON_EMPTY = 3;

        static {
            Native.register(Xdamage.class, load("libXdamage.so.1", "libxdamage1"));
        }

        private Xdamage() {
        }

        static native int XDamageQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

        static native long XDamageCreate(Pointer display, long drawable, int level);

        static native void XDamageDestroy(Pointer display, long damage);

        /** Moves the accumulated damage into {@code parts} (a region) and clears it; repair 0 = all. */
        static native void XDamageSubtract(Pointer display, long damage, long repair, long parts);
    }

    /** libXrandr. */
    static final class Xrandr {
        static {
            Native.register(Xrandr.class, load("libXrandr.so.2", "libxrandr2"));
        }

        private Xrandr() {
        }

        static native int XRRQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

        static native Pointer XRRGetMonitors(Pointer display, long window, int getActive, IntByReference count);

        static native void XRRFreeMonitors(Pointer monitors);
    }

    /** libc System V shared memory. */
    static final class LibC {
        static final int IPC_PRIVATE = 0;
        static final int IPC_CREAT = 01000;
        static final int IPC_RMID = 0;

        static {
            Native.register(LibC.class, load("c", "libc6"));
        }

        private LibC() {
        }

        static native int shmget(int key, long size, int flags);

        static native Pointer shmat(int shmid, Pointer address, int flags);

        static native int shmdt(Pointer address);

        static native int shmctl(int shmid, int command, Pointer buffer);
    }
}
