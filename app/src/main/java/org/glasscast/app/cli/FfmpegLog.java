package org.glasscast.app.cli;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg logs at info level by default; a command shows only its errors. */
final class FfmpegLog {
    private FfmpegLog() {
    }

    static void errorsOnly() {
        avutil.av_log_set_level(Boolean.getBoolean("glasscast.ffmpeg.verbose") ? avutil.AV_LOG_INFO : avutil.AV_LOG_ERROR);
    }
}
