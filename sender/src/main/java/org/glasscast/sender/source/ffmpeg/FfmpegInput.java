package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all;
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
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;

import java.io.IOException;
import java.util.LinkedHashMap;
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
import org.bytedeco.javacpp.Pointer;
import org.glasscast.media.Ffmpeg;
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
    /** A read that has seen nothing for this long fails (dead URL, unplugged camera). */
    static final long IO_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Opening a network input may take this long (RTSP handshake plus probing). */
    static final long OPEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int AUDIO_RING_FRAMES = 2 * 48_000;
    private static boolean registered;

    private final String kind;
    private final String target;
    private final boolean live;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition audioReady = lock.newCondition();
    private final Interrupt interrupt;
    private AVFormatContext format;
    private final AVPacket packet;
    private final AVFrame audioFrame;
    private int videoStream = -1;
    private int audioStream = -1;
    private AVCodecContext videoDecoder;
    private AVCodecContext audioDecoder;
    private AudioRing audio;
    private LongSupplier audioClock;
    private boolean videoAttached;
    private boolean demuxEnded;
    private boolean videoFlushing;
    private long firstAudioPtsMicros = Long.MIN_VALUE;
    private long firstAudioArrivalNanos;
    private volatile boolean closed;
    private long timelinePtsMicros = Long.MIN_VALUE;
    private long timelineNanos;

    private FfmpegInput(String kind, String target, boolean live) {
        this.kind = kind;
        this.target = target;
        this.live = live;
        this.interrupt = new Interrupt();
        this.packet = av_packet_alloc();
        this.audioFrame = av_frame_alloc();
    }

    /**
     * Opens an input. {@code format} is an FFmpeg input format ("v4l2", "pulse", "alsa", "x11grab")
     * or null to guess from the URL; {@code options} override the low-latency defaults chosen here.
     *
     * @throws IOException "cannot open camera /dev/video9: No such file or directory"
     */
    public static FfmpegInput open(String format, String url, Map<String, String> options, boolean live)
            throws IOException {
        registerDevices();
        FfmpegInput input = new FfmpegInput(kindOf(format, url), url, live);
        try {
            input.openFormat(format, url, defaults(format, url, live, options));
            input.openDecoders();
            return input;
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    static synchronized void registerDevices() {
        if (!registered) {
            avdevice_register_all();
            registered = true;
        }
    }

    static String kindOf(String format, String url) {
        if (format == null) {
            return url.contains("://") ? "url" : "file";
        }
        return switch (format) {
            case "v4l2", "dshow", "avfoundation" -> "camera";
            case "x11grab", "gdigrab" -> "screen";
            default -> format;
        };
    }

    /** Our low-latency defaults under the caller's options (the caller wins). */
    static Map<String, String> defaults(String format, String url, boolean live, Map<String, String> options) {
        Map<String, String> all = new LinkedHashMap<>();
        boolean network = format == null && url.contains("://") && !url.startsWith("file:");
        if (live) {
            all.put("fflags", "nobuffer");
            all.put("flags", "low_delay");
            // devices know their codec; network streams need some probing to see SPS/PPS
            all.put("probesize", network ? "500000" : "32");
            all.put("analyzeduration", network ? "500000" : "0");
        }
        if (network) {
            all.put("rw_timeout", Long.toString(TimeUnit.NANOSECONDS.toMicros(IO_TIMEOUT_NANOS)));
            if (url.startsWith("rtsp://") || url.startsWith("rtsps://")) {
                all.put("rtsp_transport", "tcp");
                all.put("timeout", Long.toString(TimeUnit.NANOSECONDS.toMicros(IO_TIMEOUT_NANOS)));
            }
        }
        all.putAll(options);
        return all;
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
            interrupt.deadline(OPEN_TIMEOUT_NANOS);
            int ret = avformat_open_input(format, url, inputFormat, dict);
            if (ret < 0) {
                format = null; // avformat_open_input frees the context on failure
                throw new IOException("cannot open " + name() + ": " + reason(ret));
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
            videoDecoder = decoder(videoStream, "video");
        }
        if (audioStream >= 0) {
            audioDecoder = decoder(audioStream, "audio");
        }
    }

    private AVCodecContext decoder(int index, String what) throws IOException {
        AVStream stream = format.streams(index);
        int codecId = stream.codecpar().codec_id();
        AVCodec codec = avcodec_find_decoder(codecId);
        if (codec == null || codec.isNull()) {
            throw new IOException("cannot decode " + name() + ": no " + what + " decoder for "
                    + avcodec_get_name(codecId).getString());
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        Ffmpeg.check(avcodec_parameters_to_context(context, stream.codecpar()), what + " decoder parameters");
        context.pkt_timebase(stream.time_base());
        // one thread adds no frame of delay for live input; files can afford two
        context.thread_count(live ? 1 : 2);
        if (live) {
            context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
        }
        int ret = avcodec_open2(context, codec, (AVDictionary) null);
        if (ret < 0) {
            Ffmpeg.free(context, null, null);
            throw new IOException("cannot decode " + name() + ": " + reason(ret));
        }
        return context;
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

    public int videoWidth() {
        return videoDecoder.width();
    }

    public int videoHeight() {
        return videoDecoder.height();
    }

    /** The video codec's short name ("h264", "mjpeg", "rawvideo"). */
    public String videoCodec() {
        return avcodec_get_name(videoDecoder.codec_id()).getString();
    }

    /** Video stream time base as {numerator, denominator}. */
    int[] videoTimeBase() {
        AVStream stream = format.streams(videoStream);
        return new int[] {stream.time_base().num(), stream.time_base().den()};
    }

    /** Average frame rate of the video stream in frames per second, or 0 when unknown. */
    double videoFrameRate() {
        AVStream stream = format.streams(videoStream);
        return stream.avg_frame_rate().den() == 0 ? 0 : (double) stream.avg_frame_rate().num() / stream.avg_frame_rate().den();
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
            if (audio == null) {
                audio = new AudioRing(AUDIO_RING_FRAMES);
                audioClock = nanoTime;
            }
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
                if (audio.available() >= need) {
                    audio.read(pcm);
                    return true;
                }
                if (demuxEnded && (!videoAttached || videoFlushing)) {
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

    /**
     * For files: the monotonic instant at which stream time {@code ptsMicros} plays. The first
     * caller (video or audio side) anchors stream time to the present, so both tracks share one
     * time line and keep the file's own A/V offsets.
     */
    synchronized long playNanos(long ptsMicros, LongSupplier nanoTime) {
        if (timelinePtsMicros == Long.MIN_VALUE) {
            timelinePtsMicros = ptsMicros;
            timelineNanos = nanoTime.getAsLong();
        }
        return timelineNanos + (ptsMicros - timelinePtsMicros) * 1_000L;
    }

    /** Presentation time of the first audio sample in µs of the stream, or Long.MIN_VALUE before it. */
    long firstAudioPtsMicros() {
        return firstAudioPtsMicros;
    }

    /** When the first audio samples arrived minus their duration: the capture instant of the first sample. */
    long firstAudioArrivalNanos() {
        return firstAudioArrivalNanos;
    }

    long droppedAudioSamples() {
        lock.lock();
        try {
            return audio == null ? 0 : audio.droppedSamples();
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
            if (audioDecoder != null) {
                avcodec_flush_buffers(audioDecoder);
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
        interrupt.deadline(live ? IO_TIMEOUT_NANOS : 0);
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
            } else if (packet.stream_index() == audioStream && audio != null) {
                decodeAudio();
            }
        } finally {
            av_packet_unref(packet);
        }
        return true;
    }

    private void decodeAudio() {
        if (avcodec_send_packet(audioDecoder, packet) < 0) {
            return;
        }
        while (avcodec_receive_frame(audioDecoder, audioFrame) >= 0) {
            if (firstAudioPtsMicros == Long.MIN_VALUE) {
                long arrival = audioClock.getAsLong();
                long durationNanos = audioFrame.nb_samples() * 1_000_000_000L / Math.max(1, audioFrame.sample_rate());
                firstAudioArrivalNanos = arrival - durationNanos;
                AVStream stream = format.streams(audioStream);
                long pts = audioFrame.best_effort_timestamp();
                firstAudioPtsMicros = pts == AV_NOPTS_VALUE ? 0
                        : Math.round(pts * 1e6 * stream.time_base().num() / stream.time_base().den());
            }
            audio.write(audioFrame);
        }
        audioReady.signalAll();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new ClosedInputException(name());
        }
    }

    /** FFmpeg's text for an error, without the numeric code; "timed out" for our own interrupt. */
    private String reason(int code) {
        if (interrupt.expired && !closed) {
            return "no answer within " + TimeUnit.NANOSECONDS.toSeconds(interrupt.lastTimeout) + " s";
        }
        String text = Ffmpeg.describe(code);
        int paren = text.lastIndexOf(" (");
        return paren > 0 ? text.substring(0, paren) : text;
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
            Ffmpeg.free(audioDecoder, null, null);
            videoDecoder = null;
            audioDecoder = null;
            if (audio != null) {
                audio.close();
                audio = null;
            }
            if (!packet.isNull()) {
                Ffmpeg.free(null, audioFrame, packet);
            }
            interrupt.close();
        } finally {
            lock.unlock();
        }
    }

    /** Thrown by a read after {@link #close}: the sources turn it into END. */
    static final class ClosedInputException extends IOException {
        ClosedInputException(String name) {
            super(name + " was closed");
        }
    }

    /** Tells FFmpeg to give up a blocking call: on close, or when the current deadline passed. */
    private final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        private volatile long deadlineNanos;
        private volatile boolean expired;
        private volatile long lastTimeout;

        void deadline(long timeoutNanos) {
            expired = false;
            if (timeoutNanos > 0) {
                lastTimeout = timeoutNanos;
            }
            deadlineNanos = timeoutNanos == 0 ? 0 : System.nanoTime() + timeoutNanos;
        }

        @Override
        public int call(Pointer opaque) {
            if (closed) {
                return 1;
            }
            long deadline = deadlineNanos;
            if (deadline != 0 && System.nanoTime() - deadline > 0) {
                expired = true;
                return 1;
            }
            return 0;
        }
    }
}
