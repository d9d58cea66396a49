package org.glasscast.media;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * FFmpeg's native libraries, loaded ahead on a thread of their own. The first use of a library
 * costs a few hundred milliseconds (JavaCPP finds or unpacks it, dlopen, the Java side's set-up
 * of hundreds of classes and constants), which a command would otherwise pay on its critical
 * path; {@link #preload} starts that work at once, beside the command line's parsing and the
 * RTSP handshake. Every user of FFmpeg calls {@link #await} first: JavaCPP's loading is not safe
 * to run on two threads at once (bytedeco/javacpp#737), so nothing else touches it until the
 * preload is done. Without a preload, {@link #await} returns at once and the first user loads
 * what it needs itself, as before.
 */
public final class FfmpegNatives {
    /** The libraries (JavaCPP's classes that load them), in loading order. */
    public enum Library {
        AVUTIL("org.bytedeco.ffmpeg.global.avutil"),
        AVCODEC("org.bytedeco.ffmpeg.global.avcodec"),
        SWSCALE("org.bytedeco.ffmpeg.global.swscale"),
        AVFORMAT("org.bytedeco.ffmpeg.global.avformat");

        private final String className;

        Library(String className) {
            this.className = className;
        }
    }

    private static final Object LOCK = new Object();
    /** Counted down when the preload is done (or failed); null until one is started. */
    private static volatile CountDownLatch done;
    private static volatile Throwable failure;

    private FfmpegNatives() {
    }

    /**
     * Starts loading {@code libraries} (avutil first in any case) on a daemon thread, and routes
     * FFmpeg's log through {@link FfmpegLogLines} (quiet, or everything at info level when
     * {@code verboseLog} says so) before anything else can use FFmpeg. Only the first call of a
     * process does anything.
     */
    public static void preload(BooleanSupplier verboseLog, List<Library> libraries) {
        synchronized (LOCK) {
            if (done != null) {
                return;
            }
            CountDownLatch latch = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    load(Library.AVUTIL);
                    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(FfmpegLogLines.level(verboseLog.getAsBoolean()));
                    FfmpegLogLines.install();
                    for (Library l : libraries) {
                        load(l);
                    }
                } catch (Throwable e) { // reported to every user by await()
                    failure = e;
                } finally {
                    latch.countDown();
                }
            }, "gc-natives");
            t.setDaemon(true);
            done = latch;
            t.start();
        }
    }

    private static void load(Library l) throws ClassNotFoundException {
        Class.forName(l.className, true, FfmpegNatives.class.getClassLoader());
    }

    /**
     * Waits for the preload, if one was started; then FFmpeg is free to use from any thread.
     *
     * @throws IllegalStateException naming what failed when the libraries could not be loaded
     */
    public static void await() {
        CountDownLatch latch = done;
        if (latch == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // loading cannot be abandoned half-way; keep the interrupt for the caller
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure;
        if (e != null) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String m = cause.getMessage();
            throw new IllegalStateException("cannot load FFmpeg's libraries: "
                    + (m == null ? cause.getClass().getSimpleName() : m.lines().findFirst().orElse(m)), e);
        }
    }
}
