package org.glasscast.viewer.window;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.system.MemoryUtil.NULL;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.viewer.present.AvOffsetMeter;
import org.glasscast.viewer.stats.FrameLog;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.present.PresentationRule;
import org.glasscast.viewer.present.SyncMode;
import org.glasscast.viewer.stats.ViewerStats;
import org.lwjgl.PointerBuffer;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.glfw.GLFWVidMode;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's window: GLFW + OpenGL 3.3 core on the thread that opens it (the main thread:
 * GLFW requires it). Decoded frames arrive through {@link #frames()} on the video thread, wait
 * in order in a {@link PictureQueue}, and go on screen one a refresh when the {@link
 * PresentationRule} says (with the sound, or at once); the stats overlay and the REC mark are
 * drawn over them. Keys: S stats, F fullscreen, R recording, Q or Esc quit; the close button quits.
 *
 * <p>While the viewer waits for its stream ({@link ViewerStats#waitingSinceNanos}: before the
 * first picture, and after the sender ended the stream or went away) the window stays and shows
 * a {@link WaitingCard} over the last picture, dimmed (or over a plain dark grey before any),
 * until pictures flow again; the REC mark says "waiting" meanwhile.
 *
 * <p>The loop sleeps in {@code glfwWaitEventsTimeout}, until the next held picture is due or
 * woken by an arriving one ({@code glfwPostEmptyEvent}), at most {@value #IDLE_WAIT_SECONDS} s
 * (so a wait with no pictures at all costs 20 cheap wake-ups a second), and draws only when
 * there is something new: a frame, a resize, a key, overlay figures (four times a second) or
 * the card's time (once a second).
 */
public final class VideoWindow implements AutoCloseable {
    /** What ended {@link #run}. */
    public enum Exit { QUIT, STREAM_ENDED }

    private static final double IDLE_WAIT_SECONDS = 0.05;
    /** The longest sleep while a picture waits for the sound: the sound's clock is read again after it. */
    private static final long MAX_CLOCK_WAIT_NANOS = 4_000_000;
    /** A display that does not say its refresh rate (Xvfb says 0) is taken as 60 Hz. */
    private static final int DEFAULT_REFRESH_HZ = 60;
    private static final Logger log = LoggerFactory.getLogger(VideoWindow.class);
    /** Initial size, and at most this share of the monitor when the window takes the picture's size. */
    private static final int INITIAL_WIDTH = 960;
    private static final int INITIAL_HEIGHT = 540;
    private static final double MAX_MONITOR_SHARE = 0.9;

    private final long window;
    private final String streamName;
    private final GLFWErrorCallback errorCallback;
    private final boolean vsync;
    private final PresentationClock clock;
    private final RecordingControl recording;
    private final MediaClock wallClock = MediaClock.system();
    private final PictureQueue mailbox;
    private final long refreshNanos;
    private long swaps;
    private long swapNanos;
    private long maxSwapNanos;
    private final Object wakeLock = new Object();
    private PictureRenderer picture; // from setUpGl on
    private OverlayRenderer overlay; // from setUpGl on
    private boolean open = true; // guarded by wakeLock
    private boolean statsShown = true;
    private boolean quit;
    private boolean dirty = true;
    private int shownWidth;
    private int shownHeight;
    private final int[] windowed = new int[4];

    private VideoWindow(long window, String title, GLFWErrorCallback errorCallback, boolean vsync,
                        PresentationClock clock, SyncMode sync, RecordingControl recording) {
        this.window = window;
        this.streamName = WaitingCard.streamName(title);
        this.vsync = vsync;
        this.errorCallback = errorCallback;
        this.clock = clock;
        this.recording = recording;
        GLFWVidMode mode = glfwGetVideoMode(glfwGetPrimaryMonitor());
        int hz = mode != null && mode.refreshRate() > 0 ? mode.refreshRate() : DEFAULT_REFRESH_HZ;
        this.refreshNanos = 1_000_000_000L / hz;
        this.mailbox = new PictureQueue(System::nanoTime, this::wake, new PresentationRule(sync, refreshNanos));
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) -> {
            if (action == GLFW_PRESS) {
                key(key);
            }
        });
        glfwSetFramebufferSizeCallback(window, (w, width, height) -> dirty = true);
        glfwSetWindowRefreshCallback(window, w -> dirty = true);
    }

    /**
     * Opens the window on this thread, which must then call {@link #run} and {@link #close}.
     *
     * @param title     e.g. "glasscast — rtsp://host:8554/live"; what follows the dash names the stream on the
     *                  waiting card ("waiting for rtsp://host:8554/live")
     * @param vsync     wait for the display's refresh when presenting (off to measure)
     * @param clock     what frames are presented against ({@link PresentationClock#NONE}: at once)
     * @param recording what R toggles and the REC mark shows
     * @throws WindowException no display, GLFW cannot start, or no OpenGL 3.3 core
     */
    public static VideoWindow open(String title, boolean vsync, PresentationClock clock, RecordingControl recording)
            throws WindowException {
        return open(title, vsync, clock, SyncMode.AUDIO, recording);
    }

    /** As {@link #open(String, boolean, PresentationClock, RecordingControl)}, the picture timed as {@code sync} says. */
    public static VideoWindow open(String title, boolean vsync, PresentationClock clock, SyncMode sync,
                                   RecordingControl recording) throws WindowException {
        VideoWindow w = create(title, vsync, clock, sync, recording);
        w.setUpGl();
        return w;
    }

    /**
     * The first half of {@link #open}: GLFW, the (hidden) window and its OpenGL 3.3 context, made
     * current on this thread. Whatever keeps a window from opening (no display, no OpenGL 3.3) is
     * known here, quickly; {@link #frames()} takes frames from now on. Then call {@link #setUpGl()}
     * on this thread (the slow half on a software renderer: something else can run beside it).
     *
     * @throws WindowException no display, GLFW cannot start, or no OpenGL 3.3 core
     */
    public static VideoWindow create(String title, boolean vsync, PresentationClock clock, SyncMode sync,
                                     RecordingControl recording) throws WindowException {
        String display = System.getenv("DISPLAY");
        boolean x11 = display != null && !display.isBlank();
        if (!x11 && System.getenv("WAYLAND_DISPLAY") == null && !isDesktopOs()) {
            throw new WindowException("view: cannot open a window (no display); use --headless");
        }
        StringBuilder lastError = new StringBuilder();
        GLFWErrorCallback errors = GLFWErrorCallback.create((code, description) -> {
            lastError.setLength(0);
            lastError.append(GLFWErrorCallback.getDescription(description));
        });
        glfwSetErrorCallback(errors);
        if (x11) {
            // otherwise GLFW 3.4 probes Wayland first and prints an XDG_RUNTIME_DIR error on X11 desktops
            glfwInitHint(GLFW_PLATFORM, GLFW_PLATFORM_X11);
        }
        if (!glfwInit()) {
            glfwSetErrorCallback(null);
            errors.free();
            throw new WindowException("view: cannot open a window (no display"
                    + (lastError.isEmpty() ? "" : ": " + lastError) + "); use --headless");
        }
        long window = NULL;
        try {
            glfwDefaultWindowHints();
            glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
            glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
            glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
            int[] size = fit(INITIAL_WIDTH, INITIAL_HEIGHT, glfwGetPrimaryMonitor());
            window = glfwCreateWindow(size[0], size[1], title, NULL, NULL);
            if (window == NULL) {
                throw new WindowException("view: cannot open a window (no OpenGL 3.3"
                        + (lastError.isEmpty() ? "" : ": " + lastError) + "); use --headless");
            }
            glfwMakeContextCurrent(window);
            return new VideoWindow(window, title, errors, vsync, clock, sync, recording);
        } catch (WindowException | RuntimeException e) {
            if (window != NULL) {
                GL.setCapabilities(null);
                glfwDestroyWindow(window);
            }
            glfwTerminate();
            glfwSetErrorCallback(null);
            errors.free();
            if (e instanceof WindowException we) {
                throw we;
            }
            throw new WindowException("view: cannot open a window (" + e.getMessage() + "); use --headless");
        }
    }

    /**
     * The second half of {@link #open}: OpenGL's functions, the shaders and textures, vsync, and
     * the window shown. This thread (the one that created it).
     *
     * @throws WindowException OpenGL failed; the window is closed
     */
    public void setUpGl() throws WindowException {
        try {
            GL.createCapabilities();
            glfwSwapInterval(vsync ? 1 : 0);
            picture = new PictureRenderer();
            overlay = new OverlayRenderer();
            glfwShowWindow(window);
        } catch (RuntimeException e) {
            close();
            throw new WindowException("view: cannot open a window (" + e.getMessage() + "); use --headless");
        }
    }

    private static boolean isDesktopOs() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        return os.contains("win") || os.contains("mac");
    }

    /** Where the viewer sends decoded frames (called on its video thread). */
    public VideoDecodeStage.FrameSink frames() {
        return mailbox;
    }

    /**
     * Draws until the user quits (Q, Esc, close button) or {@code ended} turns true (checked
     * every loop, at least 20 times a second). This thread only.
     *
     * @param stats where frames shown and dropped are counted, and what the overlay shows
     */
    public Exit run(ViewerStats stats, BooleanSupplier ended) {
        AvOffsetMeter avOffset = new AvOffsetMeter(clock, stats);
        try (FrameLog displayLog = FrameLog.ifAsked(FrameLog.DISPLAYED, wallClock)) {
            return loop(stats, ended, avOffset, displayLog);
        }
    }

    private Exit loop(ViewerStats stats, BooleanSupplier ended, AvOffsetMeter avOffset, FrameLog displayLog) {
        mailbox.countInto(stats);
        OverlayText text = new OverlayText(stats, System::nanoTime);
        WaitingCard card = new WaitingCard(stats, System::nanoTime, streamName);
        String lastText = null;
        String lastRec = null;
        while (!quit && !glfwWindowShouldClose(window)) {
            if (ended.getAsBoolean()) {
                return Exit.STREAM_ENDED;
            }
            long untilDue = mailbox.nanosUntilDue(clock.playingCaptureMicros());
            if (untilDue < 0) {
                glfwWaitEventsTimeout(IDLE_WAIT_SECONDS);
            } else if (untilDue > 0) {
                glfwWaitEventsTimeout(Math.min(untilDue, MAX_CLOCK_WAIT_NANOS) / 1e9);
            } else {
                glfwPollEvents();
            }
            YuvFrame f = mailbox.takeDue(clock.playingCaptureMicros());
            if (f != null) {
                picture.upload(f);
                if (f.width() != shownWidth || f.height() != shownHeight) {
                    shownWidth = f.width();
                    shownHeight = f.height();
                    sizeToPicture();
                }
                card.shown(f.arrivalNanos());
                dirty = true;
            }
            String c = card.text(); // after the picture taken: a new one ends the card at once
            String rec = recording.recording() ? OverlayText.rec(recording.elapsedMillis(), recording.bytes(), c != null)
                    : null; // changes once a second
            String s = statsShown ? text.text(picture.hasPicture() || c != null ? null : "waiting for the stream...")
                    : null;
            // identity, not equals: OverlayText returns the same string until it refreshes
            if (s != lastText || !Objects.equals(rec, lastRec)) {
                lastText = s;
                lastRec = rec;
                overlay.setText(s, rec);
                dirty = true;
            }
            if (overlay.setCard(c, picture.hasPicture())) { // the same string until a line changes
                dirty = true;
            }
            if (!dirty) {
                continue;
            }
            dirty = false;
            try (MemoryStack stack = MemoryStack.stackPush()) {
                var w = stack.mallocInt(1);
                var h = stack.mallocInt(1);
                glfwGetFramebufferSize(window, w, h);
                picture.draw(w.get(0), h.get(0));
                overlay.draw(w.get(0), h.get(0));
            }
            long beforeSwap = System.nanoTime();
            glfwSwapBuffers(window);
            long swap = System.nanoTime() - beforeSwap;
            swaps++;
            swapNanos += swap;
            maxSwapNanos = Math.max(maxSwapNanos, swap);
            if (f != null) {
                stats.framesDisplayed.increment();
                stats.pictureWaitSumMicros.add((beforeSwap - f.arrivalNanos()) / 1000);
                stats.pictureWaitCount.increment();
                stats.startup.pictureOnScreen();
                avOffset.displayed(f.captureMicros());
                if (displayLog != null && !f.rgb()) {
                    displayLog.frame(f.plane(0), f.stride(0), f.width(), f.height(), f.captureMicros());
                }
                if (f.captureMicros() > 0 && f.captureMeasured()) { // not from sender reports: CaptureTimeSource
                    long latency = wallClock.nowUnixMicros() - f.captureMicros();
                    stats.displayLatency.record(latency);
                    text.displayed(latency);
                }
            }
        }
        return Exit.QUIT;
    }

    /** What presenting cost: on a real display with vsync a swap waits for the refresh, on Xvfb it does not. */
    private void logSwaps() {
        if (swaps > 0) {
            log.info("window: {} swaps (vsync {}), {} ms each on average, {} ms at most; refresh taken as {} Hz",
                    swaps, vsync ? "on" : "off", String.format(java.util.Locale.ROOT, "%.2f", swapNanos / 1e6 / swaps),
                    String.format(java.util.Locale.ROOT, "%.1f", maxSwapNanos / 1e6), 1_000_000_000L / refreshNanos);
        }
    }

    private void key(int key) {
        switch (key) {
            case GLFW_KEY_S -> statsShown = !statsShown;
            case GLFW_KEY_F -> {
                toggleFullscreen();
                glfwSwapInterval(vsync ? 1 : 0); // some drivers reset it with the monitor
            }
            case GLFW_KEY_R -> recording.toggle();
            case GLFW_KEY_Q, GLFW_KEY_ESCAPE -> quit = true;
            default -> {
                return;
            }
        }
        dirty = true;
    }

    private void toggleFullscreen() {
        if (glfwGetWindowMonitor(window) != NULL) {
            glfwSetWindowMonitor(window, NULL, windowed[0], windowed[1], windowed[2], windowed[3], GLFW_DONT_CARE);
            return;
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var x = stack.mallocInt(1);
            var y = stack.mallocInt(1);
            var w = stack.mallocInt(1);
            var h = stack.mallocInt(1);
            glfwGetWindowPos(window, x, y);
            glfwGetWindowSize(window, w, h);
            windowed[0] = x.get(0);
            windowed[1] = y.get(0);
            windowed[2] = w.get(0);
            windowed[3] = h.get(0);
        }
        long monitor = monitorOf(windowed);
        GLFWVidMode mode = glfwGetVideoMode(monitor);
        if (mode != null) {
            glfwSetWindowMonitor(window, monitor, 0, 0, mode.width(), mode.height(), mode.refreshRate());
        }
    }

    /** The monitor the window overlaps most (the primary one when it overlaps none). */
    private static long monitorOf(int[] rect) {
        PointerBuffer monitors = glfwGetMonitors();
        long best = glfwGetPrimaryMonitor();
        long bestArea = 0;
        if (monitors == null) {
            return best;
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var mx = stack.mallocInt(1);
            var my = stack.mallocInt(1);
            for (int i = 0; i < monitors.limit(); i++) {
                long m = monitors.get(i);
                GLFWVidMode mode = glfwGetVideoMode(m);
                if (mode == null) {
                    continue;
                }
                glfwGetMonitorPos(m, mx, my);
                long ow = Math.min(rect[0] + rect[2], mx.get(0) + mode.width()) - Math.max(rect[0], mx.get(0));
                long oh = Math.min(rect[1] + rect[3], my.get(0) + mode.height()) - Math.max(rect[1], my.get(0));
                long area = Math.max(0, ow) * Math.max(0, oh);
                if (area > bestArea) {
                    bestArea = area;
                    best = m;
                }
            }
        }
        return best;
    }

    /** A new picture size: a window (not fullscreen) takes it, scaled down to fit its monitor. */
    private void sizeToPicture() {
        if (glfwGetWindowMonitor(window) != NULL) {
            return;
        }
        int[] size = fit(shownWidth, shownHeight, glfwGetPrimaryMonitor());
        glfwSetWindowSize(window, size[0], size[1]);
    }

    /** {@code width x height}, scaled down keeping its aspect to at most 90% of the monitor. */
    private static int[] fit(int width, int height, long monitor) {
        GLFWVidMode mode = monitor == NULL ? null : glfwGetVideoMode(monitor);
        if (mode == null) {
            return new int[] {width, height};
        }
        double scale = Math.min(1.0, Math.min(mode.width() * MAX_MONITOR_SHARE / width,
                mode.height() * MAX_MONITOR_SHARE / height));
        return new int[] {Math.max(1, (int) (width * scale)), Math.max(1, (int) (height * scale))};
    }

    private void wake() {
        synchronized (wakeLock) {
            if (open) {
                glfwPostEmptyEvent();
            }
        }
    }

    /** Destroys the window and ends GLFW; frames arriving afterwards are ignored. This thread only. */
    @Override
    public void close() {
        synchronized (wakeLock) {
            if (!open) {
                return;
            }
            open = false;
        }
        logSwaps();
        if (picture != null) {
            picture.delete();
        }
        if (overlay != null) {
            overlay.delete();
        }
        GL.setCapabilities(null);
        Callbacks.glfwFreeCallbacks(window);
        glfwDestroyWindow(window);
        glfwTerminate();
        glfwSetErrorCallback(null);
        errorCallback.free();
        mailbox.free();
    }
}
