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
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
 * Opus one, written as they are (stream copy). Timestamps come in as µs on the file's own
 * timeline, whose 0 is its first picture; the wall-clock time of that picture (µs since the
 * epoch, on the sender's capture clock) is the file's {@value #CAPTURE_START} tag and its
 * {@code creation_time} (a file of a segmented recording thus plays from 0 on its own, and
 * {@code ffmpeg -f concat} joins the files end to start; tags other than the known ones need
 * MP4's use_metadata_tags). Matroska is written cluster by cluster and fragmented MP4 fragment by
 * fragment, each flushed to the file at once, so a killed process leaves a file that plays up to
 * the last {@link #flush()}. MP4 uses delay_moov rather than empty_moov: its moov is written with the
 * first fragment, when the tracks' start times are known, so sound that starts a few ms after
 * the first picture keeps its place (with empty_moov FFmpeg moves each track to start at 0).
 * One thread (gc-record).
 */
final class MuxedFile implements AutoCloseable {
    /** The format tag with the capture time of the file's first picture (Matroska's is upper-case). */
    static final String CAPTURE_START = "capture_start";
    private static final DateTimeFormatter UTC_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path path;
    private final PacketBuffer buffer;
    private boolean mp4;
    private AVFormatContext context;
    private AVStream video;
    private AVStream audio;
    private long videoNum;
    private long videoDen;
    private long audioNum;
    private long audioDen;
    /**
     * How much later than a sound packet's time FFmpeg's muxer counts it to end, beyond its own
     * length (its time base's ticks): Matroska stores Opus blocks the codec delay (pre-skip) late
     * and counts the file's duration from there.
     */
    private long audioEndShift;
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
     * @param captureStartMicros when the file's first picture was captured, µs since the epoch
     * @throws RecordingException naming the reason (Permission denied, No space left on device...)
     */
    static MuxedFile create(Path path, RecordFormat format, H264Config config, int opusPreSkip,
                            long captureStartMicros, PacketBuffer buffer) throws RecordingException {
        MuxedFile f = new MuxedFile(path, buffer);
        boolean success = false;
        try {
            f.open(format, config, opusPreSkip, captureStartMicros);
            success = true;
            return f;
        } finally {
            if (!success) {
                f.free();
            }
        }
    }

    private void open(RecordFormat format, H264Config config, int opusPreSkip, long captureStartMicros)
            throws RecordingException {
        mp4 = format == RecordFormat.MP4;
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
        String start = captureStart(captureStartMicros);
        AVDictionary metadata = new AVDictionary(null);
        av_dict_set(metadata, CAPTURE_START, start, 0);
        av_dict_set(metadata, "creation_time", start, 0);
        context.metadata(metadata); // freed with the context
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, path.toString(), AVIO_FLAG_WRITE));
        context.pb(pb);
        context.flush_packets(1);
        AVDictionary options = new AVDictionary(null);
        try {
            if (format == RecordFormat.MP4) {
                // use_metadata_tags: MP4 keeps a tag of any name only so (as mdta keys)
                av_dict_set(options, "movflags", "frag_keyframe+delay_moov+default_base_moof+use_metadata_tags", 0);
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
            audioEndShift = format == RecordFormat.MATROSKA
                    ? rescale(opusPreSkip * 1_000_000L / OpusPackets.SAMPLE_RATE, audioNum, audioDen) : 0;
        }
        if (format != RecordFormat.MP4) {
            flush(); // an MP4's moov waits for the first fragment: then it knows where each track starts
        }
    }

    /** µs since the epoch as ISO 8601 UTC with six decimals, as ffprobe prints creation_time. */
    static String captureStart(long unixMicros) {
        return UTC_MICROS.format(Instant.ofEpochSecond(Math.floorDiv(unixMicros, 1_000_000L),
                Math.floorMod(unixMicros, 1_000_000L) * 1000));
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
     * One access unit (Annex B; not moved or released) shown at {@code ptsMicros} on the file's
     * timeline and decoded at {@code dtsMicros} (earlier with B-frames: before 0 for the first ones).
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

    /**
     * One Opus packet (not moved or released) whose first sample plays at {@code ptsMicros}, for
     * {@code durationMicros}; the file's duration counts it to {@code fileEndMicros} at most (the
     * next file's start: its sound all decodes, the file ends there), or as long as it is with
     * {@link Long#MAX_VALUE}.
     */
    void writeAudio(ByteBuf opus, long ptsMicros, long durationMicros, long fileEndMicros) throws RecordingException {
        AVPacket p = buffer.raw(opus);
        long ts = Math.max(rescale(ptsMicros, audioNum, audioDen), lastAudioTs + 1);
        lastAudioTs = ts;
        long duration = rescale(durationMicros, audioNum, audioDen);
        if (fileEndMicros != Long.MAX_VALUE) {
            duration = Math.max(0, Math.min(duration, rescale(fileEndMicros, audioNum, audioDen) - ts - audioEndShift));
        }
        p.pts(ts).dts(ts).duration(duration).stream_index(audio.index()).flags(AV_PKT_FLAG_KEY);
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

    /**
     * What comes next follows a gap in time (the sender was away): flushes, and for MP4 marks the
     * next fragment discontinuous, so its decode time is its own (FFmpeg's mov muxer otherwise
     * starts each fragment where the one before ended, squeezing the gap out). Matroska keeps
     * each block's time as it is.
     */
    void gapFollows() throws RecordingException {
        flush();
        if (mp4) {
            check(av_opt_set(context.priv_data(), "movflags", "+frag_discont", 0));
        }
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
