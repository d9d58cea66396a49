package org.glasscast.sender.source.screen;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glasscast.sender.source.screen.Xlib.X11;
import org.glasscast.sender.source.screen.Xlib.Xext;
import org.glasscast.sender.source.screen.Xlib.Xfixes;
import org.glasscast.sender.source.screen.Xlib.Xrandr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to an X server: its default screen, root window and monitors (XRandR 1.5
 * monitors, or the whole screen as monitor 0, named "root", when XRandR lists none). Xlib is not thread-safe:
 * one thread at a time uses a display.
 *
 * <p>X protocol errors go to a handler of ours that records them per display instead of Xlib's
 * default one, which would end the JVM.
 */
public final class X11Display implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(X11Display.class);
    private static final Map<Long, String> ERRORS = new ConcurrentHashMap<>();
    /** Held so the callback is not collected while Xlib holds its address. */
    private static volatile Xlib.ErrorHandler errorHandler;

    /** A monitor: its place in the list, its RandR name, and its rectangle on the root window. */
    public record Monitor(int index, String name, int x, int y, int width, int height) {
        /** {@code 1920x1080+0+0}, as xrandr writes it. */
        public String geometry() {
            return width + "x" + height + "+" + x + "+" + y;
        }
    }

    private final String name;
    private Pointer handle;
    private final int screen;
    private final long root;
    private final int width;
    private final int height;
    private final List<Monitor> monitors;

    private X11Display(String name, Pointer handle) {
        this.name = name;
        this.handle = handle;
        this.screen = X11.XDefaultScreen(handle);
        this.root = X11.XRootWindow(handle, screen);
        this.width = X11.XDisplayWidth(handle, screen);
        this.height = X11.XDisplayHeight(handle, screen);
        this.monitors = List.copyOf(readMonitors());
    }

    /** Opens the display named by the {@code DISPLAY} environment variable. */
    public static X11Display open() throws IOException {
        String wayland = System.getenv("WAYLAND_DISPLAY");
        String name = displayName(System.getenv("DISPLAY"), wayland);
        if (wayland != null && !wayland.isBlank()) {
            LOG.warn("Wayland session: {} is XWayland, whose grabs show X11 windows only (Wayland ones come out black)",
                    name);
        }
        return open(name);
    }

    /**
     * Opens a display by name ({@code :99}, {@code host:0.0}).
     *
     * @throws IOException one line, when the libraries are missing or the server cannot be reached
     */
    public static X11Display open(String name) throws IOException {
        Pointer handle;
        try {
            installErrorHandler();
            handle = X11.XOpenDisplay(name);
        } catch (IllegalStateException | LinkageError e) {
            throw new IOException("cannot use X11: " + loadFailure(e));
        }
        if (handle == null) {
            throw new IOException("cannot open X display " + name + " (no X server there, or access denied)");
        }
        return new X11Display(name, handle);
    }

    /**
     * The display to open, from the {@code DISPLAY} and {@code WAYLAND_DISPLAY} values.
     *
     * @throws IOException one line naming why there is none
     */
    static String displayName(String display, String waylandDisplay) throws IOException {
        if (display != null && !display.isBlank()) {
            return display;
        }
        if (waylandDisplay != null && !waylandDisplay.isBlank()) {
            throw new IOException("Wayland session without an X display (WAYLAND_DISPLAY=" + waylandDisplay
                    + ", DISPLAY unset): screen capture needs X11 or XWayland; FFmpeg kmsgrab and the"
                    + " PipeWire screen-cast portal are not supported yet");
        }
        throw new IOException("no X display: DISPLAY is not set");
    }

    private static synchronized void installErrorHandler() {
        if (errorHandler == null) {
            Xlib.ErrorHandler handler = (display, event) -> {
                int code = event.getByte(Xlib.ERROR_CODE) & 0xff;
                int request = event.getByte(Xlib.ERROR_REQUEST) & 0xff;
                String text = "X error " + code + " (request " + request + ")";
                ERRORS.put(Pointer.nativeValue(display), text);
                LOG.debug("{} on display {}", text, display);
                return 0;
            };
            X11.XSetErrorHandler(handler);
            errorHandler = handler;
        }
    }

    /**
     * What went wrong loading a library: our own "not found: install ..." line when the failure
     * came from {@link Xlib} (first use wraps it in ExceptionInInitializerError), else the error itself.
     */
    static String loadFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException) {
                return t.getMessage();
            }
        }
        return e.toString();
    }

    private List<Monitor> readMonitors() {
        List<Monitor> list = new ArrayList<>();
        try {
            IntByReference event = new IntByReference();
            IntByReference error = new IntByReference();
            if (Xrandr.XRRQueryExtension(handle, event, error) != 0) {
                IntByReference count = new IntByReference();
                Pointer infos = Xrandr.XRRGetMonitors(handle, root, 1, count);
                if (infos != null) {
                    try {
                        for (int i = 0; i < count.getValue(); i++) {
                            Pointer m = infos.share((long) i * Xlib.MONITOR_SIZE);
                            list.add(new Monitor(i, atomName(m.getLong(Xlib.MONITOR_NAME), i),
                                    m.getInt(Xlib.MONITOR_X), m.getInt(Xlib.MONITOR_Y),
                                    m.getInt(Xlib.MONITOR_WIDTH), m.getInt(Xlib.MONITOR_HEIGHT)));
                        }
                    } finally {
                        Xrandr.XRRFreeMonitors(infos);
                    }
                }
            }
        } catch (IllegalStateException | LinkageError e) {
            LOG.debug("no XRandR monitors on {}: {}", name, e.toString());
        }
        if (list.isEmpty()) {
            list.add(new Monitor(0, "root", 0, 0, width, height));
        }
        return list;
    }

    private String atomName(long atom, int index) {
        if (atom == 0) {
            return "monitor-" + index;
        }
        Pointer text = X11.XGetAtomName(handle, atom);
        if (text == null) {
            return "monitor-" + index;
        }
        try {
            return text.getString(0);
        } finally {
            X11.XFree(text);
        }
    }

    /** The name it was opened with ({@code :99}). */
    public String name() {
        return name;
    }

    /** Monitors in XRandR order; never empty. */
    public List<Monitor> monitors() {
        return monitors;
    }

    /**
     * Monitor {@code index}.
     *
     * @throws IllegalArgumentException "screen:3: this display has monitors 0..1"
     */
    public Monitor monitor(int index) {
        if (index < 0 || index >= monitors.size()) {
            String range = monitors.size() == 1 ? "only monitor 0" : "monitors 0.." + (monitors.size() - 1);
            throw new IllegalArgumentException("screen:" + index + ": display " + name + " has " + range);
        }
        return monitors.get(index);
    }

    /** Whole screen (root window) width in pixels. */
    public int width() {
        return width;
    }

    /** Whole screen (root window) height in pixels. */
    public int height() {
        return height;
    }

    /** Whether the server has MIT-SHM (shared-memory images). */
    public boolean hasShm() {
        try {
            return Xext.XShmQueryExtension(handle()) != 0;
        } catch (IllegalStateException | LinkageError e) {
            return false;
        }
    }

    /** Whether the server has XFixes (cursor images). */
    public boolean hasXfixes() {
        try {
            return Xfixes.XFixesQueryExtension(handle(), new IntByReference(), new IntByReference()) != 0;
        } catch (IllegalStateException | LinkageError e) {
            return false;
        }
    }

    Pointer handle() {
        if (handle == null) {
            throw new IllegalStateException("display " + name + " is closed");
        }
        return handle;
    }

    long root() {
        return root;
    }

    int screen() {
        return screen;
    }

    /** Waits until the server has handled every request, then returns and clears the last X error, or null. */
    String syncAndTakeError() {
        X11.XSync(handle(), 0);
        return takeError();
    }

    /** The last X error reported for this display since the previous call, or null. */
    String takeError() {
        return ERRORS.remove(Pointer.nativeValue(handle()));
    }

    @Override
    public void close() {
        if (handle != null) {
            ERRORS.remove(Pointer.nativeValue(handle));
            X11.XCloseDisplay(handle);
            handle = null;
        }
    }

    @Override
    public String toString() {
        return "X display " + name + " " + width + "x" + height;
    }
}
