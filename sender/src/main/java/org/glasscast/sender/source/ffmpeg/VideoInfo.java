package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVStream;

/**
 * The video stream of an input: native size, codec ("h264", "mjpeg", "rawvideo"), time base
 * and average frame rate (0 when unknown).
 */
public record VideoInfo(int width, int height, String codec, int timeBaseNum, int timeBaseDen, double frameRate) {

    static VideoInfo of(AVStream stream, AVCodecContext decoder) {
        int rateNum = stream.avg_frame_rate().num();
        int rateDen = stream.avg_frame_rate().den();
        return new VideoInfo(decoder.width(), decoder.height(), avcodec_get_name(decoder.codec_id()).getString(),
                stream.time_base().num(), stream.time_base().den(), rateDen == 0 ? 0 : (double) rateNum / rateDen);
    }

    /** Stream time {@code pts} (in time-base units) in µs. */
    long micros(long pts) {
        return Math.round(pts * 1e6 * timeBaseNum / timeBaseDen);
    }
}
