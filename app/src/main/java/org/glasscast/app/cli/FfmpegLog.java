package org.glasscast.app.cli;

import java.util.List;
import org.glasscast.media.FfmpegNatives;
import org.glasscast.media.FfmpegNatives.Library;

/**
 * FFmpeg logs at info level by default; a command prints none of it, and an error FFmpeg logged
 * becomes part of our one-line message for the call that failed. {@code --verbose} prints FFmpeg's
 * log as the ffmpeg CLI does. Set as FFmpeg's libraries are loaded, ahead on a thread of their own
 * ({@link FfmpegNatives}).
 */
public final class FfmpegLog {
    /** What {@code view}, {@code send} and {@code demo} use; the rest loads when first used. */
    private static final List<Library> STREAMING = List.of(Library.AVUTIL, Library.AVCODEC);

    private FfmpegLog() {
    }

    /**
     * Starts loading FFmpeg's libraries in the background if {@code args} name a command that
     * streams (view, send, demo): from the very start of the process, beside the command line's
     * parsing; FFmpeg's users wait for it.
     */
    public static void preloadFor(String[] args) {
        if (args.length > 0 && List.of("view", "send", "demo").contains(args[0])) {
            inBackground();
        }
    }

    /** FFmpeg's libraries load in the background (unless already started), errors only; users wait for them. */
    static void inBackground() {
        FfmpegNatives.preload(FfmpegLog::verbose, STREAMING);
    }

    /** As {@link #inBackground}, and waits for it: for commands that use FFmpeg right away. */
    static void errorsOnly() {
        inBackground();
        FfmpegNatives.await();
    }

    /** {@code --verbose} (the launcher's Main sets the property from the command line). */
    private static boolean verbose() {
        return Boolean.getBoolean("glasscast.ffmpeg.verbose");
    }
}
