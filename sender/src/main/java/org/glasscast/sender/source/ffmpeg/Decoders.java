package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.glasscast.media.Ffmpeg;

/** Opens the decoder of a demuxed stream, tuned for live input (one thread, low delay) or files. */
final class Decoders {
    private Decoders() {
    }

    /** The caller frees the context ({@link Ffmpeg#free}); {@code name} names the input in errors. */
    static AVCodecContext open(AVStream stream, boolean live, String name) throws IOException {
        int codecId = stream.codecpar().codec_id();
        AVCodec codec = avcodec_find_decoder(codecId);
        if (codec == null || codec.isNull()) {
            throw new IOException("cannot decode " + name + ": no decoder for " + avcodec_get_name(codecId).getString());
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        Ffmpeg.check(avcodec_parameters_to_context(context, stream.codecpar()), "decoder parameters");
        context.pkt_timebase(stream.time_base());
        // one thread adds no frame of delay for live input; files can afford two
        context.thread_count(live ? 1 : 2);
        if (live) {
            context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
        }
        int ret = avcodec_open2(context, codec, (AVDictionary) null);
        if (ret < 0) {
            Ffmpeg.free(context, null, null);
            throw new IOException("cannot decode " + name + ": " + Ffmpeg.describe(ret));
        }
        return context;
    }
}
