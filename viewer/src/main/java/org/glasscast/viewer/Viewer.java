package org.glasscast.viewer;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.netty.IoTransport;
import org.glasscast.protocol.rtcp.FeedbackMessage;
import org.glasscast.protocol.rtcp.ReceiverReport;
import org.glasscast.protocol.rtcp.ReportBlock;
import org.glasscast.protocol.rtcp.RtcpCodec;
import org.glasscast.protocol.rtcp.SourceDescription;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.glasscast.protocol.sdp.H264Fmtp;
import org.glasscast.protocol.sdp.MediaDescription;
import org.glasscast.protocol.sdp.SessionDescription;
import org.glasscast.protocol.raw.RawFormat;
import org.glasscast.protocol.rtsp.RtspUrl;
import org.glasscast.viewer.audio.AudioOutputException;
import org.glasscast.viewer.audio.AudioPlayer;
import org.glasscast.viewer.decode.AudioDecodeStage;
import org.glasscast.viewer.decode.RawVideoStage;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.net.MediaSource;
import org.glasscast.viewer.present.AvOffsetMeter;
import org.glasscast.viewer.present.HeadlessPresenter;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.record.Recorder;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.record.RecordingPaths;
import org.glasscast.viewer.rtp.TrackReceiver;
import org.glasscast.viewer.rtsp.RtspClientException;
import org.glasscast.viewer.stats.FrameLog;
import org.glasscast.viewer.stats.ViewerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running viewer, and the one place its threads are made and named: {@code gc-net} (RTSP,
 * RTP/RTCP receive, reorder, depacketize) → bounded queues → {@code gc-video} (H.264 decode,
 * pattern check, sink) and {@code gc-audio} (Opus decode) → {@code gc-audio-out} (OpenAL playback,
 * the presentation clock, when sound is played; {@code gc-present} shows frames against it when
 * headless); {@code gc-stats} reports each second.
 */
public final class Viewer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);
    private static final long NO_MEDIA_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 250_000_000L;

    private final ViewerConfig config;
    private final PrintStream out;
    private final MediaClock clock = MediaClock.system();
    private final ViewerStats stats = new ViewerStats();
    private final EventLoopGroup group = IoTransport.group(1, new DefaultThreadFactory("gc-net", true));
    private final EventLoop loop = group.next();
    private final long ourSsrc = ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong lastKeyframeRequest = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ViewerReporter reporter;
    private final VideoDecodeStage.FrameSink sink;
    private final AudioDecodeStage.AudioSink audioSink;
    private MediaSource source;
    private TrackReceiver video;
    private TrackReceiver audio;
    private VideoDecodeStage videoStage;
    private RawVideoStage rawStage;
    private AudioDecodeStage audioStage;
    private FrameLog frameLog;
    private AudioPlayer player;
    private HeadlessPresenter presenter;
    private Recorder recorder;
    private volatile String endReason;
    private volatile boolean failed;
    private long startNanos;

    private Viewer(ViewerConfig config, PrintStream out, VideoDecodeStage.FrameSink sink,
                   AudioDecodeStage.AudioSink audioSink) {
        this.config = config;
        this.out = out;
        this.sink = sink;
        this.audioSink = audioSink;
        this.reporter = new ViewerReporter(stats, config, out, this::elapsedSeconds);
        stats.startup.printTo(config.quiet() ? null : out);
    }

    /**
     * Connects (RTSP URL) or binds (SDP file) and starts receiving.
     *
     * @param sink where decoded frames go; null = headless (frames are consumed and counted)
     * @throws IOException with a one-line reason ({@link RtspClientException} for RTSP failures)
     */
    public static Viewer start(ViewerConfig config, PrintStream out, VideoDecodeStage.FrameSink sink)
            throws IOException, InterruptedException {
        return start(config, out, sink, null);
    }

    /**
     * As {@link #start(ViewerConfig, PrintStream, VideoDecodeStage.FrameSink)}, with decoded audio
     * going to {@code audioSink} (null = counted only).
     */
    public static Viewer start(ViewerConfig config, PrintStream out, VideoDecodeStage.FrameSink sink,
                               AudioDecodeStage.AudioSink audioSink) throws IOException, InterruptedException {
        Viewer v = new Viewer(config, out, sink, audioSink);
        try {
            v.startNanos = System.nanoTime();
            v.source = isSdpFile(config.source())
                    ? MediaSource.sdpFile(v.group, Path.of(config.source()), v.stats)
                    : MediaSource.rtsp(v.group, URI.create(config.source()), config.tcp(),
                            config.connectTimeoutSeconds(), v.stats,
                            failure -> out.println("view: " + failure.message() + "; trying again"),
                            () -> v.end("lost the connection to " + URI.create(config.source()).getHost(), true));
            v.source.start(v.createReceivers(v.source.description()));
            log.info("playing {} ({})", RtspUrl.redacted(config.source()), v.source.transportName());
            v.startThreads();
            return v;
        } catch (IOException | InterruptedException | RuntimeException e) {
            v.close();
            throw e;
        }
    }

    public static boolean isSdpFile(String source) {
        return source.toLowerCase(Locale.ROOT).endsWith(".sdp") && !source.contains("://");
    }

    /** A receiver and decode stage for the H.264 video and, if there is one, the Opus audio. */
    private Map<MediaDescription, TrackReceiver> createReceivers(SessionDescription sdp) throws IOException {
        MediaDescription v = sdp.video().orElse(null);
        boolean h264 = v != null && "H264".equalsIgnoreCase(v.encodingName());
        boolean raw = v != null && RawFormat.ENCODING_NAME.equalsIgnoreCase(v.encodingName());
        if (!h264 && !raw) {
            throw new RtspClientException("the stream has no H.264 or uncompressed (RFC 4175) video"
                    + (v == null ? "" : " (its video is " + v.encodingName() + ")"));
        }
        Map<MediaDescription, TrackReceiver> tracks = new LinkedHashMap<>();
        long reorderNanos = TimeUnit.MILLISECONDS.toNanos(config.reorderMillis());
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        MediaDescription a = sdp.audio().orElse(null);
        boolean opus = a != null && "opus".equalsIgnoreCase(a.encodingName());
        if (opus && audioSink == null && config.playsAudio()) {
            openPlayer();
        }
        if (sink == null) { // headless: frames are "displayed" when the window's rule would show them
            presenter = new HeadlessPresenter(player != null ? player : PresentationClock.NONE, config.sync(), stats,
                    System::nanoTime);
        }
        VideoDecodeStage.FrameSink frames = stats.startup.watch(FrameLog.wrapIfAsked(sink != null ? sink : presenter,
                clock, log -> frameLog = log));
        if (h264) {
            video = TrackReceiver.h264(v.payloadType(), extId(v), stats, System::nanoTime, reorderNanos, alloc,
                    au -> {
                        recorder.offerVideo(au);
                        videoStage.offer(au);
                    });
            stats.videoCodec = "h264";
            videoStage = new VideoDecodeStage(stats, clock, video.captureClock(), config.verifyPattern(),
                    this::requestKeyframe, frames);
        } else {
            RawFormat format;
            try {
                format = RawFormat.fromSdp(v);
            } catch (IllegalArgumentException e) {
                throw new RtspClientException("uncompressed video this viewer cannot show: " + e.getMessage());
            }
            video = TrackReceiver.raw(format, v.payloadType(), extId(v), stats, System::nanoTime, reorderNanos, alloc,
                    f -> rawStage.offer(f));
            stats.videoCodec = "raw " + format.sampling().sdpName();
            rawStage = new RawVideoStage(stats, clock, video.captureClock(), config.verifyPattern(), frames);
        }
        tracks.put(v, video);
        if (opus) {
            audio = TrackReceiver.opus(a.payloadType(), a.clockRate(), extId(a), stats, System::nanoTime,
                    reorderNanos, alloc, p -> {
                        if (recorder != null) {
                            recorder.offerAudio(p);
                        }
                        audioStage.offer(p);
                    });
            audioStage = new AudioDecodeStage(stats, clock, player != null ? player : audioSink);
            tracks.put(a, audio);
        } else if (a != null) {
            out.println("view: audio " + a.encodingName() + " is not supported yet; playing video only");
        }
        if (h264) {
            recorder = createRecorder(v);
        } else if (config.record() != null) {
            out.println("view: cannot record uncompressed video (recording copies H.264); playing only");
        }
        for (TrackReceiver tr : tracks.values()) {
            tr.onGoodbye(() -> end("the sender ended the stream", false));
        }
        return tracks;
    }

    /** The sound output; without the default device the stream still plays, silently. */
    private void openPlayer() throws AudioOutputException {
        try {
            player = AudioPlayer.open(config.audioOut(), config.sync(), stats, out);
            stats.audioOutputOpen = true;
            log.info("playing audio on '{}'", player.deviceName());
        } catch (AudioOutputException e) {
            if (!"default".equals(config.audioOut())) {
                throw e;
            }
            out.println("view: " + e.getMessage() + "; playing without sound");
        }
    }

    /** The recorder of an H.264 stream: recording from the start with --record, else when asked (R key). */
    private Recorder createRecorder(MediaDescription v) {
        RecordingPaths paths = config.record() != null
                ? RecordingPaths.of(config.record(), config.segmentSeconds() > 0, java.time.Clock.systemDefaultZone())
                : RecordingPaths.currentDirectory(java.time.Clock.systemDefaultZone());
        List<byte[]> sprop = v.fmtpValue(H264Fmtp.SPROP_PARAMETER_SETS).map(H264Fmtp::parseSpropParameterSets)
                .orElse(List.of());
        return new Recorder(paths, config.segmentSeconds(), config.record() != null, audio != null, sprop,
                video.captureClock(), clock::nowUnixMicros, this::requestKeyframe, stats, out);
    }

    /** Start/stop recording and the REC figures (the window's R key and overlay). */
    public RecordingControl recording() {
        return recorder != null ? recorder : RecordingControl.NONE;
    }

    private static int extId(MediaDescription m) {
        for (Map.Entry<Integer, String> e : m.extmap().entrySet()) {
            if (AbsCaptureTime.URI.equals(e.getValue())) {
                return e.getKey();
            }
        }
        return 0;
    }

    private List<TrackReceiver> receivers() {
        if (video == null) {
            return List.of();
        }
        return audio == null ? List.of(video) : List.of(video, audio);
    }

    private void startThreads() {
        thread("gc-video", videoStage != null ? videoStage::run : rawStage::run);
        if (audioStage != null) {
            thread("gc-audio", audioStage::run);
        }
        if (player != null) {
            thread("gc-audio-out", player::run);
        }
        if (presenter != null) {
            thread("gc-present", presenter);
        }
        if (recorder != null) {
            thread("gc-record", recorder::run);
        }
        thread("gc-stats", this::statsLoop);
        loop.scheduleAtFixedRate(() -> receivers().forEach(TrackReceiver::poll), 5, 5, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::sendReceiverReports, 1, 1, TimeUnit.SECONDS);
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void statsLoop() {
        try {
            while (ended.getCount() > 0) {
                Thread.sleep(1000);
                reporter.report(videoStage != null ? videoStage.queued() : rawStage.queued(), false);
                if (config.durationSeconds() > 0 && elapsedSeconds() >= config.durationSeconds()) {
                    end("done", false);
                } else if (System.nanoTime() - lastMediaNanos() > NO_MEDIA_TIMEOUT_NANOS) {
                    end("no media received for " + NO_MEDIA_TIMEOUT_NANOS / 1_000_000_000L + " s", true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When the last RTP packet arrived on any track (the start, before the first). */
    private long lastMediaNanos() {
        long last = startNanos;
        for (TrackReceiver tr : receivers()) {
            long t = tr.lastPacketNanos();
            if (t != 0 && t - last > 0) {
                last = t;
            }
        }
        return last;
    }

    private void sendReceiverReports() {
        for (TrackReceiver tr : receivers()) {
            ReportBlock block = tr.reportBlock();
            if (block != null) {
                source.sendRtcp(tr, RtcpCodec.encode(PooledByteBufAllocator.DEFAULT,
                        new ReceiverReport(ourSsrc, List.of(block)), new SourceDescription(ourSsrc, "glasscast-viewer")));
            }
        }
    }

    /** Asks the sender for a keyframe (RTCP PLI), at most four times a second. Any thread. */
    private void requestKeyframe() {
        long now = System.nanoTime();
        long last = lastKeyframeRequest.get();
        if (now - last < KEYFRAME_REQUEST_INTERVAL_NANOS || !lastKeyframeRequest.compareAndSet(last, now)) {
            return;
        }
        stats.keyframeRequests.increment();
        loop.execute(() -> {
            if (video.mediaSsrc() >= 0) {
                source.sendRtcp(video, RtcpCodec.encode(PooledByteBufAllocator.DEFAULT,
                        new ReceiverReport(ourSsrc, List.of()), FeedbackMessage.pli(ourSsrc, video.mediaSsrc())));
            }
        });
    }

    private void end(String reason, boolean failure) {
        if (ended.getCount() > 0) {
            endReason = reason;
            failed = failure;
            ended.countDown();
        }
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Waits for --duration, the end of the stream, a lost connection, or {@link #close()}. */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** Why the viewer ended ("done", "the sender ended the stream", ...), or null while running. */
    public String endReason() {
        return endReason;
    }

    /** Whether it ended through a failure (lost connection, no media). */
    public boolean failed() {
        return failed;
    }

    public ViewerStats stats() {
        return stats;
    }

    /** The clock video is presented against: the sound being heard, or {@link PresentationClock#NONE} without sound. */
    public PresentationClock presentationClock() {
        return player != null ? player : PresentationClock.NONE;
    }

    /** For a window: call its {@link AvOffsetMeter#displayed} with each frame put on screen. */
    public AvOffsetMeter avOffsetMeter() {
        return new AvOffsetMeter(presentationClock(), stats);
    }

    /** TEARDOWN, stops every thread, frees the decoders; once, whichever thread (Ctrl-C or main) calls it. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        end("closed", false);
        if (source != null) {
            source.close();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!loop.isShuttingDown()) {
            loop.submit(() -> receivers().forEach(TrackReceiver::close)).syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (frameLog != null) {
            frameLog.close();
        }
        if (player != null) {
            player.close();
        }
        if (video != null) {
            reporter.report(0, true);
        }
    }
}
