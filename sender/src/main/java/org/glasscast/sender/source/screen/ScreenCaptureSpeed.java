package org.glasscast.sender.source.screen;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.glasscast.media.Scaler;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.ffmpeg.FfmpegInput;
import org.glasscast.sender.source.ffmpeg.FfmpegVideoSource;

/**
 * Measures full-screen capture on the current {@code DISPLAY}: MIT-SHM grab only, grab plus
 * swscale to I420, FFmpeg's x11grab in this process to I420 (the fallback source, asked for
 * 1000 fps so only its own speed limits it), and {@code java.awt.Robot}, one line each (frames/s
 * and this process's CPU milliseconds per frame; the X server's own CPU is not counted).
 *
 * <pre>java -cp ... org.glasscast.sender.source.screen.ScreenCaptureSpeed [seconds per method, default 3]</pre>
 */
public final class ScreenCaptureSpeed {
    private final long durationNanos;

    /** The methods, by the names the command line takes. */
    public static final java.util.List<String> METHODS = java.util.List.of("mit-shm", "mit-shm-i420", "x11grab-i420",
            "robot");

    private final java.util.Set<String> methods;

    private ScreenCaptureSpeed(double seconds, java.util.Set<String> methods) {
        this.durationNanos = (long) (seconds * 1e9);
        this.methods = methods;
    }

    /** One measured method. */
    private interface Step {
        void run() throws Exception;
    }

    /** {@code [seconds per method, default 3] [method ...]} (default: all of {@link #METHODS}). */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        java.util.Set<String> methods = new java.util.LinkedHashSet<>();
        for (int i = 1; i < args.length; i++) {
            if (!METHODS.contains(args[i])) {
                System.err.println("unknown method '" + args[i] + "': one of " + METHODS);
                System.exit(2);
            }
            methods.add(args[i]);
        }
        new ScreenCaptureSpeed(seconds, methods.isEmpty() ? new java.util.LinkedHashSet<>(METHODS) : methods).run();
    }

    private void run() throws Exception {
        try (X11Display display = X11Display.open();
             ShmGrabber grabber = new ShmGrabber(display, 0, 0, display.width(), display.height());
             Scaler scaler = new Scaler(display.width() & ~1, display.height() & ~1)) {
            String size = display.width() + "x" + display.height();
            System.out.println("screen " + display.name() + " " + size + ", " + durationNanos / 1_000_000_000.0
                    + " s per method");
            if (methods.contains("mit-shm")) {
                measure("mit-shm grab", size, grabber::grab);
            }
            if (methods.contains("mit-shm-i420")) {
                YuvFrame frame = new YuvFrame(scaler.width(), scaler.height());
                measure("mit-shm grab + I420", size, () -> {
                    grabber.grab();
                    scaler.scale(grabber.pixels(), grabber.width(), grabber.height(), grabber.stride(),
                            grabber.pixelFormat(), frame);
                });
            }
            if (methods.contains("x11grab-i420")) {
                try (FfmpegVideoSource x11grab = new FfmpegVideoSource(MediaClock.system(), FfmpegInput.open(
                        ScreenInputs.x11grab(display.name(), null, 1000, false), true), 0, 0, false)) {
                    YuvFrame grabbed = new YuvFrame(x11grab.width(), x11grab.height());
                    measure("x11grab + I420", size, () -> x11grab.capture(grabbed));
                }
            }
            if (!methods.contains("robot")) {
                return;
            }
            if (GraphicsEnvironment.isHeadless()) {
                System.out.println("java.awt.Robot: headless JVM, not measured");
            } else {
                Robot robot = new Robot();
                Rectangle screen = new Rectangle(0, 0, display.width(), display.height());
                measure("java.awt.Robot", size, () -> robot.createScreenCapture(screen));
            }
        }
    }

    private void measure(String name, String size, Step step) throws Exception {
        for (int i = 0; i < 10; i++) {
            step.run(); // warm-up: JIT, swscale context, first-use natives
        }
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long frames = 0;
        long elapsed;
        do {
            step.run();
            frames++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < durationNanos);
        double cpuMs = (processCpuNanos() - cpuStart) / 1e6;
        System.out.println(String.format(Locale.ROOT, "%-22s %s %8.1f fps %7.2f cpu-ms/frame (%d frames)",
                name, size, frames * 1e9 / elapsed, cpuMs / frames, frames));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
