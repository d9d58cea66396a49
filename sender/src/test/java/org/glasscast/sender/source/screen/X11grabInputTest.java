package org.glasscast.sender.source.screen;

import org.glasscast.sender.source.FfmpegInputSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avutil;
import org.glasscast.media.Ffmpeg;
import org.glasscast.media.Scaler;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.pattern.PatternCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The x11grab input {@link ScreenInputs} builds, opened by our FFmpeg on a private Xvfb, grabs the region asked for. */
class X11grabInputTest {
    private static Xvfb xvfb;
    private static ScreenPainter painter;

    @BeforeAll
    static void startServer() throws Exception {
        xvfb = Xvfb.start(1280, 720);
        painter = new ScreenPainter(xvfb.display());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (painter != null) {
            painter.close();
        }
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @Test
    void regionMatchesTheScreenSourceRegion() {
        painter.paint(100, 60, 640, 360, 4242, 1_763_000_000_000_000L);
        FfmpegInputSpec spec = ScreenInputs.x11grab(xvfb.display(), new ScreenSpec.Region(100, 60, 640, 360), 30,
                false);
        avdevice.avdevice_register_all();
        AVInputFormat format = av_find_input_format(spec.format());
        assertThat(format).as("x11grab in our FFmpeg build").isNotNull();
        AVDictionary options = new AVDictionary(null);
        spec.options().forEach((k, v) -> av_dict_set(options, k, v, 0));
        AVFormatContext context = new AVFormatContext(null);
        AVPacket packet = avcodec.av_packet_alloc();
        try (Scaler scaler = new Scaler(640, 360)) {
            Ffmpeg.check(avformat_open_input(context, spec.url(), format, options), "open " + spec.arguments());
            AVCodecParameters video = context.streams(0).codecpar();
            assertThat(video.width()).isEqualTo(640);
            assertThat(video.height()).isEqualTo(360);
            Ffmpeg.check(av_read_frame(context, packet), "read x11grab");
            YuvFrame frame = new YuvFrame(640, 360);
            int stride = packet.size() / 360;
            scaler.scale(packet.data().capacity(packet.size()).asByteBuffer(), 640, 360, stride, video.format(), frame);
            assertThat(PatternCode.read(frame.y(), frame.strideY(), 640, 360))
                    .isEqualTo(new PatternCode.Reading(4242, 1_763_000_000_000_000L));
            assertThat(video.format()).isIn(avutil.AV_PIX_FMT_BGR0, avutil.AV_PIX_FMT_BGRA);
        } finally {
            avcodec.av_packet_free(packet);
            avformat_close_input(context);
            av_dict_free(options);
        }
    }
}
