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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.net.ConnectFailure;
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
import org.glasscast.viewer.present.DeferredClock;
import org.glasscast.viewer.present.HeadlessPresenter;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.record.DeferredRecordingControl;
import org.glasscast.viewer.record.Recorder;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.record.RecordingPaths;
import org.glasscast.viewer.rtp.CaptureClock;
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
 *
 * <p>An RTSP stream is watched by {@code gc-session}: it connects, and when the stream ends (the
 * sender's BYE or TEARDOWN, its RTSP connection closed, no packet for max(3 RTCP intervals, 2 s))
 * it waits for the stream and connects again (back-off from 100 ms to 1 s), however long the
 * stream is away; the decoders, the sound, the window and the recording go on across it. With
 * {@code exitOnEnd} it ends instead, at the first failure to connect or when the stream ends.
 */
public final class Viewer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);
    /** How long a stream may take to send its first packet (after PLAY, or an SDP file's binding). */
    private static final long FIRST_PACKET_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A playing stream silent this long (or 3 RTCP intervals, if longer) has ended. */
    private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 250_000_000L;
    /** Waiting for the stream: the first retry after 100 ms, then twice as long each time, at most 1 s. */
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 1000;
    /** While waiting, one connection attempt: short, so a sender back is found within a second or two. */
    private static final double WAITING_CONNECT_SECONDS = 2;
    /** How often gc-session looks at the stream while it plays. */
    private static final long WATCH_MILLIS = 100;

    private final ViewerConfig config;
    private final PrintStream out;
    private final MediaClock clock = MediaClock.system();
    private final ViewerStats stats = new ViewerStats();
    private final EventLoopGroup group = IoTransport.group(1, new DefaultThreadFactory("gc-net", true));
    private final EventLoop loop = group.next();
    private final long ourSsrc = ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong lastKeyframeRequest = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ViewerReporter reporter;
    private final VideoDecodeStage.FrameSink sink;
    private final AudioDecodeStage.AudioSink audioSink;
    /** The sound's clock and the recorder outlive any one connection, and exist from its first. */
    private final DeferredClock presentation = new DeferredClock();
    private final DeferredRecordingControl recordingControl;
    /** Why the current connection's stream is over (BYE, closed, silent); null while it plays. */
    private final AtomicReference<String> sessionOver = new AtomicReference<>();
    private final Object wake = new Object();
    // the current connection: written on the event loop, read anywhere
    private volatile MediaSource source;
    private volatile TrackReceiver video;
    private volatile TrackReceiver audio;
    private volatile long sessionStartNanos;
    /** Over because the sender said so or hung up (true), rather than fell silent (it may resume). */
    private volatile boolean sessionGone;
    // built at the first connection (gc-session, or start), then fixed
    private volatile boolean built;
    private boolean h264;
    private RawFormat rawFormat;
    private boolean opus;
    private CaptureClock videoCapture;
    private final CaptureClock audioCapture = new CaptureClock(48_000);
    private VideoDecodeStage videoStage;
    private RawVideoStage rawStage;
    private AudioDecodeStage audioStage;
    private FrameLog frameLog;
    private AudioPlayer player;
    private HeadlessPresenter presenter;
    private Recorder recorder;
    private volatile boolean played;
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
        this.recordingControl = new DeferredRecordingControl(RecordingControl.unavailable(out));
        stats.startup.printTo(config.quiet() ? null : out);
    }

    /**
     * Connects (RTSP URL) or binds (SDP file) and starts receiving. Waiting for its stream (not
     * {@code exitOnEnd}), an RTSP viewer returns at once and connects on {@code gc-session}.
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
            v.stats.waitingSinceNanos = v.startNanos;
            v.stats.waitingCause = "connecting";
            if (isSdpFile(config.source())) {
                v.install(MediaSource.sdpFile(v.group, Path.of(config.source()), v.stats));
            } else if (config.exitOnEnd()) {
                v.install(v.connect(1, config.connectTimeoutSeconds())); // its first failure ends it
            }
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

    /** One RTSP connection to the sender, its stream described; the RTSP connection's loss ends its stream. */
    private MediaSource connect(int attempts, double connectSeconds) throws IOException, InterruptedException {
        URI url = URI.create(config.source());
        MediaSource[] self = new MediaSource[1];
        self[0] = MediaSource.rtsp(group, url, config.tcp(), attempts, connectSeconds, config.connectTimeoutSeconds(),
                stats, failure -> { }, // one attempt: its failure is told by the caller
                () -> {
                    if (self[0] != null && self[0] == source) {
                        streamEnded(self[0], "lost the connection to " + url.getHost(), true);
                    }
                });
        return self[0];
    }

    /**
     * Makes {@code next} the viewer's connection: at the first, builds what outlives connections
     * (decoders, sound, recorder); then the tracks' receivers, and starts them (SETUP and PLAY,
     * or binds the SDP file's ports). A previous connection is closed first.
     *
     * @throws RtspClientException when the stream cannot be shown (its codec), or changed so
     */
    private void install(MediaSource next) throws IOException, InterruptedException {
        try {
            SessionDescription sdp = next.description();
            if (!built) {
                try {
                    build(sdp);
                } catch (RtspClientException e) {
                    throw e;
                } catch (IOException e) { // the sound output asked for: connecting again cannot mend it
                    throw RtspClientException.permanent(e.getMessage());
                }
            }
            MediaDescription v = sdp.video().orElseThrow();
            MediaDescription a = sdp.audio().filter(m -> opus && "opus".equalsIgnoreCase(m.encodingName())).orElse(null);
            TrackReceiver newVideo = videoReceiver(v);
            TrackReceiver newAudio = a == null ? null : audioReceiver(a);
            Map<MediaDescription, TrackReceiver> tracks = new LinkedHashMap<>();
            tracks.put(v, newVideo);
            if (newAudio != null) {
                tracks.put(a, newAudio);
            }
            for (TrackReceiver tr : tracks.values()) {
                tr.onGoodbye(() -> streamEnded(next, "the sender ended the stream", true));
            }
            MediaSource old = source;
            if (old != null) {
                old.close(); // TEARDOWN (best effort): its sockets and receivers go before the new ones come
            }
            List<byte[]> sprop = v.fmtpValue(H264Fmtp.SPROP_PARAMETER_SETS).map(H264Fmtp::parseSpropParameterSets)
                    .orElse(List.of());
            loop.submit(() -> {
                receivers().forEach(TrackReceiver::close);
                if (old != null) {
                    // a new stream: its RTP clocks start anywhere; the recording goes on from its capture times
                    videoCapture.reset();
                    audioCapture.reset();
                    if (recorder != null) {
                        recorder.newStream(sprop);
                    }
                }
                video = newVideo;
                audio = newAudio;
                source = next;
                sessionStartNanos = System.nanoTime();
                sessionGone = false;
                sessionOver.set(null);
            }).syncUninterruptibly();
            next.start(tracks);
            log.info("playing {} ({})", RtspUrl.redacted(config.source()), next.transportName());
        } catch (IOException | InterruptedException | RuntimeException e) {
            next.close();
            throw e;
        }
    }

    /** What outlives connections, made for the first stream's tracks: decoders, sound, recorder, threads. */
    private void build(SessionDescription sdp) throws IOException {
        MediaDescription v = sdp.video().orElse(null);
        h264 = v != null && "H264".equalsIgnoreCase(v.encodingName());
        boolean raw = v != null && RawFormat.ENCODING_NAME.equalsIgnoreCase(v.encodingName());
        if (!h264 && !raw) {
            throw RtspClientException.permanent("the stream has no H.264 or uncompressed (RFC 4175) video"
                    + (v == null ? "" : " (its video is " + v.encodingName() + ")"));
        }
        MediaDescription a = sdp.audio().orElse(null);
        opus = a != null && "opus".equalsIgnoreCase(a.encodingName());
        if (opus && audioSink == null && config.playsAudio()) {
            openPlayer();
        }
        if (sink == null && player != null) {
            presenter = new HeadlessPresenter(player, config.sync(), stats, System::nanoTime);
        }
        VideoDecodeStage.FrameSink frames = stats.startup.watch(FrameLog.wrapIfAsked(sink != null ? sink
                : presenter != null ? presenter
                : (frame, capture) -> stats.framesDisplayed.increment(), clock, log -> frameLog = log));
        if (h264) {
            videoCapture = new CaptureClock(90_000);
            stats.videoCodec = "h264";
            videoStage = new VideoDecodeStage(stats, clock, videoCapture, config.verifyPattern(),
                    this::requestKeyframe, frames);
        } else {
            try {
                rawFormat = RawFormat.fromSdp(v);
            } catch (IllegalArgumentException e) {
                throw RtspClientException.permanent("uncompressed video this viewer cannot show: " + e.getMessage());
            }
            videoCapture = new CaptureClock(RawFormat.CLOCK_RATE);
            stats.videoCodec = "raw " + rawFormat.sampling().sdpName();
            rawStage = new RawVideoStage(stats, clock, videoCapture, config.verifyPattern(), frames);
        }
        if (opus) {
            audioStage = new AudioDecodeStage(stats, clock, player != null ? player : audioSink);
        } else if (a != null) {
            out.println("view: audio " + a.encodingName() + " is not supported yet; playing video only");
        }
        if (h264) {
            List<byte[]> sprop = v.fmtpValue(H264Fmtp.SPROP_PARAMETER_SETS).map(H264Fmtp::parseSpropParameterSets)
                    .orElse(List.of());
            RecordingPaths paths = config.record() != null
                    ? RecordingPaths.of(config.record(), config.segmentSeconds() > 0, java.time.Clock.systemDefaultZone())
                    : RecordingPaths.currentDirectory(java.time.Clock.systemDefaultZone());
            recorder = new Recorder(paths, config.segmentSeconds(), config.record() != null, opus, sprop,
                    videoCapture, clock::nowUnixMicros, this::requestKeyframe, stats, out);
            recordingControl.set(recorder);
        } else {
            recordingControl.set(RecordingControl.NONE);
            if (config.record() != null) {
                out.println("view: cannot record uncompressed video (recording copies H.264); playing only");
            }
        }
        presentation.set(player);
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
        built = true;
    }

    /** The video track's receiver, feeding the decoder (and the recorder) that outlive it. */
    private TrackReceiver videoReceiver(MediaDescription v) throws RtspClientException {
        long reorderNanos = TimeUnit.MILLISECONDS.toNanos(config.reorderMillis());
        if (h264) {
            if (!"H264".equalsIgnoreCase(v.encodingName())) {
                throw RtspClientException.permanent("the stream changed from H.264 to " + v.encodingName()
                        + " video; start the viewer again to watch it");
            }
            return TrackReceiver.h264(v.payloadType(), extId(v), stats, System::nanoTime, reorderNanos,
                    PooledByteBufAllocator.DEFAULT, au -> {
                        recorder.offerVideo(au);
                        videoStage.offer(au);
                    }, videoCapture);
        }
        RawFormat format;
        try {
            format = RawFormat.fromSdp(v);
        } catch (IllegalArgumentException e) {
            format = null;
        }
        if (!rawFormat.equals(format)) {
            throw RtspClientException.permanent("the stream's video changed (now " + v.encodingName()
                    + "); start the viewer again to watch it");
        }
        return TrackReceiver.raw(format, v.payloadType(), extId(v), stats, System::nanoTime, reorderNanos,
                PooledByteBufAllocator.DEFAULT, f -> rawStage.offer(f), videoCapture);
    }

    private TrackReceiver audioReceiver(MediaDescription a) {
        return TrackReceiver.opus(a.payloadType(), a.clockRate(), extId(a), stats, System::nanoTime,
                TimeUnit.MILLISECONDS.toNanos(config.reorderMillis()), PooledByteBufAllocator.DEFAULT, p -> {
                    if (recorder != null) {
                        recorder.offerAudio(p);
                    }
                    audioStage.offer(p);
                }, audioCapture);
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

    /** Start/stop recording and the REC figures (the window's R key and overlay). */
    public RecordingControl recording() {
        return recordingControl;
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
        TrackReceiver v = video;
        TrackReceiver a = audio;
        if (v == null) {
            return List.of();
        }
        return a == null ? List.of(v) : List.of(v, a);
    }

    private void startThreads() {
        thread("gc-stats", this::statsLoop);
        if (!isSdpFile(config.source())) {
            thread("gc-session", this::watchRtsp);
        }
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
                try {
                    reporter.report(queued(), false);
                } catch (RuntimeException e) { // a figure's bug must not stop --duration or the stream's watch
                    log.error("stats report failed", e);
                }
                if (config.durationSeconds() > 0 && elapsedSeconds() >= config.durationSeconds()) {
                    end("done", false);
                } else if (isSdpFile(config.source())) {
                    watchStream(); // an SDP file's stream: no connection to make again, only packets to wait for
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int queued() {
        return videoStage != null ? videoStage.queued() : rawStage != null ? rawStage.queued() : 0;
    }

    /**
     * gc-session: the RTSP stream's life. Connects when there is no stream (the start, after it
     * ended), watches it while it plays, and tells when it ends and when it is back.
     */
    private void watchRtsp() {
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        String told = null;
        ConnectFailure toldFailure = null;
        try {
            while (ended.getCount() > 0) {
                MediaSource current = source;
                if (current != null && sessionOver.get() == null) {
                    watchStream();
                    synchronized (wake) {
                        if (sessionOver.get() == null && ended.getCount() > 0) {
                            wake.wait(WATCH_MILLIS);
                        }
                    }
                    continue;
                }
                if (current != null && !sessionGone && resumed()) {
                    continue; // a silent stream that came back by itself (a link down for a while)
                }
                try {
                    MediaSource next = connect(1, Math.min(WAITING_CONNECT_SECONDS, config.connectTimeoutSeconds()));
                    if (current != null && !sessionGone && resumed()) {
                        next.close(); // the old stream came back while we connected: keep it
                        continue;
                    }
                    install(next);
                    backoffMillis = FIRST_BACKOFF_MILLIS;
                    told = null;
                    toldFailure = null;
                } catch (RtspClientException e) {
                    if (e.isPermanent()) {
                        end(e.getMessage(), true);
                        return;
                    }
                    ConnectFailure f = e.connectFailure();
                    boolean same = f != null ? f.sameCauseAs(toldFailure) : e.getMessage().equals(told);
                    String cause = f != null ? f.message() : e.getMessage();
                    if (!same) {
                        out.println("view: " + cause + "; waiting for " + RtspUrl.redacted(config.source()));
                        told = e.getMessage();
                        toldFailure = f;
                    }
                    stats.waitingCause = cause;
                    backoffMillis = pause(backoffMillis);
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).equals(told)) {
                        out.println("view: " + e.getMessage() + "; waiting for " + RtspUrl.redacted(config.source()));
                        told = String.valueOf(e.getMessage());
                        toldFailure = null;
                    }
                    stats.waitingCause = e.getMessage();
                    backoffMillis = pause(backoffMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("watching the stream failed", e);
            end("watching the stream failed: " + e, true);
        }
    }

    /** Sleeps the back-off (woken early by close); returns the next one. */
    private long pause(long backoffMillis) throws InterruptedException {
        synchronized (wake) {
            if (ended.getCount() > 0) {
                wake.wait(backoffMillis);
            }
        }
        return Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    /**
     * A look at the playing stream: the first packet after a wait says it is back; silence says it
     * has ended (or, for a stream that never sent a packet, that it did not start).
     */
    private void watchStream() {
        if (sessionOver.get() != null) {
            if (isSdpFile(config.source())) {
                resumed(); // an SDP file's stream has nothing to connect to: its packets come back or not
            }
            return;
        }
        long start = sessionStartNanos;
        long heard = lastHeardNanos();
        long now = System.nanoTime();
        if (heard - start > 0) {
            playing();
        }
        boolean started = heard - start > 0;
        long limit = started ? silenceLimitNanos() : FIRST_PACKET_TIMEOUT_NANOS;
        long silent = now - (started ? heard : start);
        if (start != 0 && silent > limit) {
            streamEnded(source, started
                    ? String.format(Locale.ROOT, "no packets for %.0f s", silent / 1e9)
                    : "no media received for " + FIRST_PACKET_TIMEOUT_NANOS / 1_000_000_000L + " s", false);
        }
    }

    /** Whether a stream that fell silent is heard again (its packets flow once more). */
    private boolean resumed() {
        if (System.nanoTime() - lastHeardNanos() < TimeUnit.MILLISECONDS.toNanos(300)) {
            sessionOver.set(null);
            playing();
            return true;
        }
        return false;
    }

    /** max(3 RTCP intervals, 2 s), the RTCP interval being that of the sender's reports. */
    private long silenceLimitNanos() {
        long interval = 0;
        for (TrackReceiver tr : receivers()) {
            interval = Math.max(interval, tr.senderReportIntervalNanos());
        }
        return Math.max(SILENCE_NANOS, Math.min(3 * interval, TimeUnit.SECONDS.toNanos(30)));
    }

    /** When anything last arrived on the current connection's tracks; 0 before anything. */
    private long lastHeardNanos() {
        long last = 0;
        for (TrackReceiver tr : receivers()) {
            long t = tr.lastHeardNanos();
            if (t != 0 && (last == 0 || t - last > 0)) {
                last = t;
            }
        }
        return last;
    }

    /**
     * The stream of {@code of} has ended: the sender said goodbye or hung up ({@code gone}), or it
     * fell silent. With exitOnEnd the viewer ends; otherwise it waits and connects again.
     */
    private void streamEnded(MediaSource of, String reason, boolean gone) {
        if (of == null || of != source || !sessionOver.compareAndSet(null, reason)) {
            return;
        }
        sessionGone = gone;
        if (config.exitOnEnd()) {
            end(reason, !reason.equals("the sender ended the stream"));
            return;
        }
        if (stats.waitingSinceNanos == 0) {
            stats.waitingSinceNanos = System.nanoTime();
        }
        stats.waitingCause = reason;
        out.println("view: " + reason + "; waiting for " + (isSdpFile(config.source()) ? "its packets"
                : RtspUrl.redacted(config.source())));
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** The stream plays: ends a wait, counting it when the stream had played before. */
    private void playing() {
        long since = stats.waitingSinceNanos;
        if (since != 0) {
            if (played) {
                long millis = (System.nanoTime() - since) / 1_000_000;
                stats.waitingMillisLast = millis;
                stats.waitingMillisTotal.add(millis);
                stats.reconnects.increment();
                out.printf(Locale.ROOT, "view: playing again after %.1f s%n", millis / 1000.0);
            }
            stats.waitingSinceNanos = 0;
            stats.waitingCause = null;
        }
        played = true;
    }

    private void sendReceiverReports() {
        MediaSource s = source;
        if (s == null) {
            return;
        }
        for (TrackReceiver tr : receivers()) {
            ReportBlock block = tr.reportBlock();
            if (block != null) {
                s.sendRtcp(tr, RtcpCodec.encode(PooledByteBufAllocator.DEFAULT,
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
            TrackReceiver v = video;
            MediaSource s = source;
            if (v != null && s != null && v.mediaSsrc() >= 0) {
                s.sendRtcp(v, RtcpCodec.encode(PooledByteBufAllocator.DEFAULT,
                        new ReceiverReport(ourSsrc, List.of()), FeedbackMessage.pli(ourSsrc, v.mediaSsrc())));
            }
        });
    }

    private void end(String reason, boolean failure) {
        if (ended.getCount() > 0) {
            endReason = reason;
            failed = failure;
            ended.countDown();
            synchronized (wake) {
                wake.notifyAll();
            }
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

    /** The clock pictures are timed against: the sound's, once a stream with sound plays; none before. */
    public PresentationClock presentationClock() {
        return presentation;
    }

    public AvOffsetMeter avOffsetMeter() {
        return new AvOffsetMeter(presentationClock(), stats);
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        end("closed", false);
        MediaSource s = source;
        if (s != null) {
            s.close();
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
        reporter.report(0, true);
    }
}
