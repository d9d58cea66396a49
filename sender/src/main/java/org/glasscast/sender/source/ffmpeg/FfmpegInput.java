package org.glasscast.sender.source.ffmpeg;

import org.glasscast.sender.source.FfmpegInputSpec;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.glasscast.media.Ffmpeg;
import org.glasscast.media.FfmpegNatives;
import org.glasscast.sender.source.AudioSource;

/**
 * One FFmpeg input (file, URL, camera, sound device) demuxed once and decoded into reused frames,
 * shared by a {@link FfmpegVideoSource} and a {@link FfmpegAudioSource}.
 *
 * <p>The video side drives the demuxer ({@link #nextVideo}); audio packets read on the way are
 * decoded and resampled into a bounded {@link AudioRing} that the audio side drains
 * ({@link #readAudio}). Without a video consumer the audio side drives the demuxer itself. All
 * native state is guarded by one lock. {@link #close} may come from any thread: an interrupt
 * callback makes a blocked network read return, then the lock is taken and everything freed.
 */
public final class FfmpegInput implements AutoCloseable {
    private static final long SLEEP_SLICE_NANOS = 50_000_000L;
    private final String kind;
    private final String target;
    private final boolean live;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition audioReady = lock.newCondition();
    private final IoInterrupt interrupt;
    private AVFormatContext format;
    private final AVPacket packet;
    private int videoStream = -1;
    private int audioStream = -1;
    private AVCodecContext videoDecoder;
    private AudioTrack audio;
    private VideoInfo video;
    private boolean videoAttached;
    private boolean demuxEnded;
    private boolean videoFlushing;
    private boolean videoEnded;
    private volatile boolean closed;
    private final FileTimeline timeline = new FileTimeline();

    private FfmpegInput(String kind, String target, boolean live) {
        this.kind = kind;
        this.target = target;
        this.live = live;
        this.interrupt = new IoInterrupt(() -> closed);
        this.packet = av_packet_alloc();
    }

    /** Opens an input as {@link DeviceInputs} spelled it; see {@link #open(String, String, Map, boolean)}. */
    public static FfmpegInput open(FfmpegInputSpec spec, boolean live) throws IOException {
        return open(spec.format(), spec.url(), spec.options(), live);
    }

    /**
     * Opens an input. {@code format} is an FFmpeg input format ("v4l2", "pulse", "alsa", "x11grab")
     * or null to guess from the URL; {@code options} override the low-latency defaults chosen here.
     *
     * @throws IOException "cannot open camera /dev/video9: No such file or directory"
     */
    public static FfmpegInput open(String format, String url, Map<String, String> options, boolean live)
            throws IOException {
        FfmpegNatives.await();
        InputOptions.registerDevices();
        FfmpegInput input = new FfmpegInput(InputOptions.kindOf(format, url), url, live);
        try {
            input.openFormat(format, url, InputOptions.defaults(format, url, live, options));
            input.openDecoders();
            return input;
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private void openFormat(String formatName, String url, Map<String, String> options) throws IOException {
        AVInputFormat inputFormat = null;
        if (formatName != null) {
            inputFormat = av_find_input_format(formatName);
            if (inputFormat == null || inputFormat.isNull()) {
                throw new IOException("cannot open " + name() + ": input format '" + formatName
                        + "' is not in this FFmpeg build");
            }
        }
        format = avformat_alloc_context();
        AVIOInterruptCB callback = format.interrupt_callback();
        callback.callback(interrupt);
        AVDictionary dict = new AVDictionary(null);
        try {
            for (Map.Entry<String, String> e : options.entrySet()) {
                av_dict_set(dict, e.getKey(), e.getValue(), 0);
            }
            interrupt.deadline(InputOptions.OPEN_TIMEOUT_NANOS);
            int ret = avformat_open_input(format, url, inputFormat, dict);
            if (ret < 0) {
                format = null; // avformat_open_input frees the context on failure
                String hint = kind.equals("pulse") ? " (is a PulseAudio server running?)" : "";
                throw new IOException("cannot open " + name() + ": " + reason(ret) + hint);
            }
            ret = avformat_find_stream_info(format, (AVDictionary) null);
            if (ret < 0) {
                throw new IOException("cannot read " + name() + ": " + reason(ret));
            }
        } finally {
            av_dict_free(dict);
            interrupt.deadline(0);
        }
    }

    private void openDecoders() throws IOException {
        videoStream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        audioStream = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
        if (videoStream < 0 && audioStream < 0) {
            throw new IOException("cannot use " + name() + ": it has neither video nor audio");
        }
        if (videoStream >= 0) {
            AVStream stream = format.streams(videoStream);
            videoDecoder = Decoders.open(stream, live, name());
            video = VideoInfo.of(stream, videoDecoder);
        }
        if (audioStream >= 0) {
            audio = new AudioTrack(format.streams(audioStream), live, name());
        }
    }

    /** "file:talk.mp4", "camera /dev/video0", "rtsp://cam/live", "pulse default": names the input in messages. */
    public String name() {
        return switch (kind) {
            case "file" -> "file:" + target;
            case "url" -> target;
            default -> kind + " " + target;
        };
    }

    /** "file", "url", "camera", "screen", "pulse", "alsa" or the FFmpeg format name. */
    public String kind() {
        return kind;
    }

    public String target() {
        return target;
    }

    /** Whether the input runs in real time (device, stream) rather than as fast as it is read (file). */
    public boolean live() {
        return live;
    }

    public boolean hasVideo() {
        return videoStream >= 0;
    }

    public boolean hasAudio() {
        return audioStream >= 0;
    }

    /** Size, codec and timing of the video stream; null without one. */
    public VideoInfo video() {
        return video;
    }

    /** Marks the video side as the demuxer's driver (called by {@link FfmpegVideoSource}). */
    void attachVideo() {
        lock.lock();
        try {
            videoAttached = true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts decoding audio into the ring; {@code nanoTime} stamps the first samples' arrival. */
    void attachAudio(LongSupplier nanoTime) {
        lock.lock();
        try {
            audio.enable(nanoTime);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Decodes the next picture into {@code frame} (reused; the caller owns it). Returns false at the
     * end of the input.
     */
    boolean nextVideo(AVFrame frame) throws IOException {
        lock.lock();
        try {
            while (true) {
                ensureOpen();
                int ret = avcodec_receive_frame(videoDecoder, frame);
                if (ret >= 0) {
                    return true;
                }
                if (ret == AVERROR_EOF) {
                    return false;
                }
                if (ret != AVERROR_EAGAIN()) {
                    throw new IOException("cannot decode " + name() + ": " + reason(ret));
                }
                if (!readPacket()) {
                    if (videoFlushing) {
                        return false;
                    }
                    videoFlushing = true;
                    avcodec_send_packet(videoDecoder, null); // drain the decoder's delayed pictures
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fills {@code pcm} with the next {@code pcm.length / 2} stereo samples; false at the end of the
     * input or on close. Waits for the video side to demux when there is one.
     */
    boolean readAudio(short[] pcm) throws IOException, InterruptedException {
        int need = pcm.length / AudioSource.CHANNELS;
        lock.lock();
        try {
            while (true) {
                ensureOpen();
                if (audio.ring().available() >= need) {
                    audio.ring().read(pcm);
                    return true;
                }
                if (demuxEnded && (!videoAttached || videoEnded)) {
                    return false;
                }
                if (videoAttached) {
                    audioReady.await(100, TimeUnit.MILLISECONDS);
                } else if (!readPacket()) {
                    return false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** For files: the time line both tracks play on ({@link FileTimeline}). */
    FileTimeline timeline() {
        return timeline;
    }

    /** The audio stream's decoder state, for its first samples' arrival and stream time. */
    AudioTrack audioTrack() {
        return audio;
    }

    long droppedAudioSamples() {
        lock.lock();
        try {
            return audio == null || !audio.enabled() ? 0 : audio.ring().droppedSamples();
        } finally {
            lock.unlock();
        }
    }

    /** The video side will read no more (end of a file it does not loop): the audio side ends with the ring. */
    void endVideo() {
        lock.lock();
        try {
            videoEnded = true;
            audioReady.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Rewinds a file to its start (for --loop); decoders are flushed, the audio ring kept. */
    void rewind() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            int ret = avformat_seek_file(format, -1, Long.MIN_VALUE, 0, Long.MAX_VALUE, 0);
            if (ret < 0) {
                throw new IOException("cannot loop " + name() + ": " + reason(ret));
            }
            avcodec_flush_buffers(videoDecoder);
            if (audio != null) {
                audio.flush();
            }
            demuxEnded = false;
            videoFlushing = false;
        } finally {
            lock.unlock();
        }
    }

    /** Reads one packet and routes it; false at the end of the input. Holds the lock. */
    private boolean readPacket() throws IOException {
        if (demuxEnded) {
            return false;
        }
        interrupt.deadline(live ? InputOptions.IO_TIMEOUT_NANOS : 0);
        int ret = av_read_frame(format, packet);
        interrupt.deadline(0);
        if (ret == AVERROR_EOF) {
            demuxEnded = true;
            audioReady.signalAll();
            return false;
        }
        if (ret < 0) {
            ensureOpen();
            throw new IOException("cannot read " + name() + ": " + reason(ret));
        }
        try {
            if (packet.stream_index() == videoStream && videoAttached) {
                avcodec_send_packet(videoDecoder, packet); // a corrupt packet costs one picture, not the stream
            } else if (packet.stream_index() == audioStream) {
                audio.decode(packet);
                audioReady.signalAll();
            }
        } finally {
            av_packet_unref(packet);
        }
        return true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new ClosedInputException(name());
        }
    }

    /** FFmpeg's text for an error, without the numeric code; "timed out" for our own interrupt. */
    private String reason(int code) {
        if (interrupt.expired() && !closed) {
            return "no answer within " + TimeUnit.NANOSECONDS.toSeconds(interrupt.lastTimeoutNanos()) + " s";
        }
        return Ffmpeg.reason(code).replaceFirst(" \\(-?\\d+\\)$", "");
    }

    /**
     * Sleeps until {@code deadlineNanos} on {@code nanoTime}, waking every 50 ms to notice a close;
     * false when the input was closed meanwhile (a file played at its own pace).
     */
    boolean sleepUntil(long deadlineNanos, LongSupplier nanoTime) throws InterruptedException {
        while (!closed()) {
            long wait = deadlineNanos - nanoTime.getAsLong();
            if (wait <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, SLEEP_SLICE_NANOS));
        }
        return false;
    }

    boolean closed() {
        return closed;
    }

    /** Closes the demuxer and both decoders; any thread, any number of times. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            audioReady.signalAll();
            if (format != null) {
                avformat_close_input(format);
                format = null;
            }
            Ffmpeg.free(videoDecoder, null, null);
            videoDecoder = null;
            if (audio != null) {
                audio.close();
            }
            if (!packet.isNull()) {
                Ffmpeg.free(null, null, packet);
            }
            interrupt.close();
        } finally {
            lock.unlock();
        }
    }
}
