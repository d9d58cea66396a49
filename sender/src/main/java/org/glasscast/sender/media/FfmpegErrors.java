package org.glasscast.sender.media;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** FFmpeg return codes as one-line messages. */
final class FfmpegErrors {

    private FfmpegErrors() {
    }

    /** FFmpeg's text for a negative return code, with the code. */
    static String describe(int code) {
        byte[] text = new byte[128];
        av_strerror(code, text, text.length);
        int n = 0;
        while (n < text.length && text[n] != 0) {
            n++;
        }
        return new String(text, 0, n, StandardCharsets.US_ASCII) + " (" + code + ")";
    }

    /** Throws IllegalStateException naming {@code what} when {@code code} is negative; returns it otherwise. */
    static int check(int code, String what) {
        if (code < 0) {
            throw new IllegalStateException(what + " failed: " + describe(code));
        }
        return code;
    }
}
