package org.glasscast.media;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's own log. By default it prints nothing: a command speaks in its own one-line messages,
 * and the error FFmpeg logged just before a call failed ("Cannot load libcuda.so.1") becomes part
 * of that call's message ({@link Ffmpeg#check}). Verbose, every line at FFmpeg's info level and
 * above goes to standard error as the ffmpeg CLI prints it.
 */
public final class FfmpegLogLines {
    /** An error logged longer ago than this is not the cause of a failure being reported now. */
    private static final long FRESH_NANOS = 2_000_000_000L;

    /** The last error-level line FFmpeg logged on each thread, and when. */
    private static final ThreadLocal<Line> LAST_ERROR = new ThreadLocal<>();
    private static volatile boolean verbose;

    private record Line(String text, long nanos) {
    }

    /** Held for as long as FFmpeg may call it (always: it is never unset). */
    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
            if (verbose) {
                if (level <= avutil.AV_LOG_INFO) {
                    System.err.print(message.getString());
                }
                return;
            }
            if (level <= avutil.AV_LOG_ERROR) {
                String text = message.getString().strip();
                if (!text.isEmpty()) {
                    LAST_ERROR.set(new Line(text, System.nanoTime()));
                }
            }
        }
    };

    private FfmpegLogLines() {
    }

    /** The level FFmpeg is set to: errors only (kept, not printed), or info when verbose. */
    static int level(boolean verboseLog) {
        verbose = verboseLog;
        return verboseLog ? avutil.AV_LOG_INFO : avutil.AV_LOG_ERROR;
    }

    /** Routes FFmpeg's log through us; call once avutil is loaded. */
    static void install() {
        avutil.setLogCallback(CALLBACK);
    }

    /**
     * The error FFmpeg logged on this thread within the last two seconds, without its
     * "[h264_nvenc @ 0x7f..]" prefix, or null; taken, so it is reported once.
     */
    public static String takeRecentError() {
        Line l = LAST_ERROR.get();
        LAST_ERROR.remove();
        if (l == null || System.nanoTime() - l.nanos() > FRESH_NANOS) {
            return null;
        }
        return l.text().replaceFirst("^\\[[^\\]]*@ 0x[0-9a-f]+\\]\\s*", "");
    }
}
