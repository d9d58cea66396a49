package org.glasscast.viewer.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avformat.avio_tell;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.glasscast.media.Ffmpeg;

/**
 * One recording file through FFmpeg's muxers: an H.264 stream and, if the stream has sound, an
 * Opus one, written as they are (stream copy). Timestamps come in as µs on the recording's
 * timeline. Matroska is written cluster by cluster and fragmented MP4 fragment by fragment,
 * each flushed to the file at once, so a killed process leaves a file that plays up to the last
 * {@link #flush()}. MP4 uses delay_moov rather than empty_moov: its moov is written with the
 * first fragment, when the tracks' start times are known, so sound that starts a few ms after
 * the first picture keeps its place (with empty_moov FFmpeg moves each track to start at 0).
 * One thread (gc-record).
 */
final class MuxedFile implements AutoCloseable {
    private final Path path;
    private final PacketBuffer buffer;
    private AVFormatContext context;
    private AVStream video;
    private AVStream audio;
    private long videoNum;
    private long videoDen;
    private long audioNum;
    private long audioDen;
    private boolean headerWritten;
    private long lastVideoTs = Long.MIN_VALUE;
    private long lastAudioTs = Long.MIN_VALUE;
    private long finalBytes;

    private MuxedFile(Path path, PacketBuffer buffer) {
        this.path = path;
        this.buffer = buffer;
    }

    /**
     * Creates the file and writes its header.
     *
     * @param opusPreSkip the OpusHead pre-skip (48 kHz samples); negative = no audio stream
     * @throws RecordingException naming the reason (Permission denied, No space left on device...)
     */
    static MuxedFile create(Path path, RecordFormat format, H264Config config, int opusPreSkip, PacketBuffer buffer)
            throws RecordingException {
        MuxedFile f = new MuxedFile(path, buffer);
        boolean success = false;
        try {
            f.open(format, config, opusPreSkip);
            success = true;
            return f;
        } finally {
            if (!success) {
                f.free();
            }
        }
    }

    private void open(RecordFormat format, H264Config config, int opusPreSkip) throws RecordingException {
        context = new AVFormatContext(null);
        check(avformat_alloc_output_context2(context, (AVOutputFormat) null, format.muxer(), path.toString()));
        video = avformat_new_stream(context, (AVCodec) null);
        AVCodecParameters vp = video.codecpar();
        vp.codec_type(AVMEDIA_TYPE_VIDEO).codec_id(AV_CODEC_ID_H264).width(config.width()).height(config.height());
        extradata(vp, config.avcC());
        video.time_base(av_make_q(1, 90_000));
        if (opusPreSkip >= 0) {
            audio = avformat_new_stream(context, (AVCodec) null);
            AVCodecParameters ap = audio.codecpar();
            ap.codec_type(AVMEDIA_TYPE_AUDIO).codec_id(AV_CODEC_ID_OPUS).sample_rate(OpusPackets.SAMPLE_RATE)
                    .initial_padding(opusPreSkip);
            av_channel_layout_default(ap.ch_layout(), OpusPackets.CHANNELS);
            extradata(ap, OpusPackets.opusHead(opusPreSkip));
            audio.time_base(av_make_q(1, OpusPackets.SAMPLE_RATE));
        }
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, path.toString(), AVIO_FLAG_WRITE));
        context.pb(pb);
        context.flush_packets(1);
        AVDictionary options = new AVDictionary(null);
        try {
            if (format == RecordFormat.MP4) {
                av_dict_set(options, "movflags", "frag_keyframe+delay_moov+default_base_moof", 0);
            }
            check(avformat_write_header(context, options));
        } finally {
            av_dict_free(options);
        }
        headerWritten = true;
        videoNum = video.time_base().num();
        videoDen = video.time_base().den();
        if (audio != null) {
            audioNum = audio.time_base().num();
            audioDen = audio.time_base().den();
        }
        if (format != RecordFormat.MP4) {
            flush(); // an MP4's moov waits for the first fragment: then it knows where each track starts
        }
    }

    private static void extradata(AVCodecParameters p, byte[] bytes) {
        Pointer memory = av_malloc(bytes.length + AV_INPUT_BUFFER_PADDING_SIZE);
        if (memory == null || memory.isNull()) {
            throw new OutOfMemoryError("cannot allocate codec extradata");
        }
        BytePointer e = new BytePointer(memory).capacity(bytes.length + AV_INPUT_BUFFER_PADDING_SIZE);
        e.put(bytes);
        for (int i = bytes.length; i < e.capacity(); i++) {
            e.put(i, (byte) 0);
        }
        p.extradata(e).extradata_size(bytes.length); // freed with the context
    }

    boolean hasAudio() {
        return audio != null;
    }

    /**
     * One access unit (Annex B; not moved or released) shown at {@code ptsMicros} on the
     * recording's timeline and decoded at {@code dtsMicros} (earlier with B-frames).
     */
    void writeVideo(ByteBuf annexB, long ptsMicros, long dtsMicros, long durationMicros, boolean keyframe)
            throws RecordingException {
        AVPacket p = buffer.avcc(annexB);
        // frames captured in a burst can fall on one tick of a coarse time base (Matroska's 1 ms)
        long dts = Math.max(rescale(dtsMicros, videoNum, videoDen), lastVideoTs + 1);
        long pts = Math.max(rescale(ptsMicros, videoNum, videoDen), dts);
        lastVideoTs = dts;
        p.pts(pts).dts(dts).duration(rescale(durationMicros, videoNum, videoDen)).stream_index(video.index())
                .flags(keyframe ? AV_PKT_FLAG_KEY : 0);
        write(p);
    }

    /** One Opus packet (not moved or released) whose first sample plays at {@code ptsMicros}. */
    void writeAudio(ByteBuf opus, long ptsMicros, long durationMicros) throws RecordingException {
        AVPacket p = buffer.raw(opus);
        long ts = Math.max(rescale(ptsMicros, audioNum, audioDen), lastAudioTs + 1);
        lastAudioTs = ts;
        p.pts(ts).dts(ts).duration(rescale(durationMicros, audioNum, audioDen)).stream_index(audio.index())
                .flags(AV_PKT_FLAG_KEY);
        write(p);
    }

    private void write(AVPacket p) throws RecordingException {
        int ret = av_write_frame(context, p);
        p.data((BytePointer) null).size(0);
        check(ret);
        checkIo();
    }

    /** Ends the current Matroska cluster or MP4 fragment and hands it to the file system. */
    void flush() throws RecordingException {
        check(av_write_frame(context, (AVPacket) null));
        avio_flush(context.pb());
        checkIo();
    }

    /** Bytes written so far (the file's size once flushed). */
    long bytes() {
        return context == null || context.pb() == null ? finalBytes : avio_tell(context.pb());
    }

    Path path() {
        return path;
    }

    private void checkIo() throws RecordingException {
        AVIOContext pb = context.pb();
        if (pb != null && pb.error() < 0) {
            check(pb.error());
        }
    }

    private void check(int code) throws RecordingException {
        if (code < 0) {
            throw new RecordingException(reason(code));
        }
    }

    /** FFmpeg's text for an error code, without the number (the user gets "Permission denied"). */
    static String reason(int code) {
        return Ffmpeg.describe(code).replaceFirst(" \\(-?\\d+\\)$", "");
    }

    private static long rescale(long micros, long num, long den) {
        // round to nearest: micros * den / (num * 1e6)
        long divisor = num * 1_000_000L;
        return Math.floorDiv(2 * micros * den + divisor, 2 * divisor);
    }

    /** Writes the trailer (index, duration) and closes the file. */
    @Override
    public void close() throws RecordingException {
        try {
            if (headerWritten) {
                headerWritten = false;
                check(av_write_trailer(context));
                checkIo();
            }
        } finally {
            free();
        }
    }

    /** Closes without a trailer (after a failure): what is on disk stays as it is. */
    void abandon() {
        headerWritten = false;
        free();
    }

    private void free() {
        if (context != null) {
            AVIOContext pb = context.pb();
            if (pb != null && !pb.isNull()) {
                finalBytes = avio_tell(pb);
                avio_close(pb);
                context.pb(null);
            }
            avformat_free_context(context);
            context = null;
        }
    }
}
