package org.glasscast.media;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * FFmpeg through javacv, as both sides use it: loud look-ups, one-line errors, frees that tolerate
 * null. The look-ups wait for {@link FfmpegNatives}' preload.
 */
public final class Ffmpeg {
    private Ffmpeg() {
    }

    /**
     * The encoder of that name. javacv would silently fall back to another codec; we do not.
     *
     * @throws IllegalStateException naming the encoder when this FFmpeg build lacks it
     */
    public static AVCodec encoder(String name, String kind) {
        FfmpegNatives.await();
        AVCodec codec = avcodec_find_encoder_by_name(name);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException(kind + " encoder '" + name + "' is not in this FFmpeg build");
        }
        return codec;
    }

    /** The decoder of that name, or an IllegalStateException naming it. */
    public static AVCodec decoder(String name, String kind) {
        FfmpegNatives.await();
        AVCodec codec = avcodec_find_decoder_by_name(name);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException(kind + " decoder '" + name + "' is not in this FFmpeg build");
        }
        return codec;
    }

    /** FFmpeg's text for a negative return code, with the code. */
    public static String describe(int code) {
        byte[] text = new byte[128];
        av_strerror(code, text, text.length);
        int n = 0;
        while (n < text.length && text[n] != 0) {
            n++;
        }
        return new String(text, 0, n, StandardCharsets.US_ASCII) + " (" + code + ")";
    }

    /**
     * Throws IllegalStateException naming {@code what} when {@code code} is negative, with the
     * error FFmpeg logged just before if there was one ("... failed: Cannot load libcuda.so.1
     * (Operation not permitted)"); returns the code otherwise.
     */
    public static int check(int code, String what) {
        if (code < 0) {
            throw new IllegalStateException(what + " failed: " + reason(code));
        }
        return code;
    }

    /**
     * FFmpeg's text for {@code code} with the code; or, when FFmpeg logged an error on this
     * thread just before that says more ("Cannot load libcuda.so.1" for "Operation not
     * permitted"), that error with the text after it.
     */
    public static String reason(int code) {
        String text = describe(code);
        String plain = text.replaceFirst(" \\(-?\\d+\\)$", "");
        String logged = FfmpegLogLines.takeRecentError();
        return logged == null || logged.contains(plain) ? text : logged + " (" + plain + ")";
    }

    /** Frees a codec context and its reused frame and packet; any of them may be null. */
    public static void free(AVCodecContext context, AVFrame frame, AVPacket packet) {
        if (context != null) {
            avcodec_free_context(context);
        }
        if (frame != null) {
            av_frame_free(frame);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
    }
}
