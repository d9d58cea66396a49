package org.glasscast.sender;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.net.ConnectFailure;
import org.glasscast.protocol.net.HostLookup;
import org.glasscast.protocol.netty.IoTransport;
import org.glasscast.protocol.raw.RawFormat;
import org.glasscast.protocol.raw.RawPacketizer;
import org.glasscast.protocol.raw.RawPlanes;
import org.glasscast.protocol.raw.RawSampling;
import org.glasscast.protocol.sdp.SdpWriter;
import org.glasscast.protocol.stats.LaunchTime;
import org.glasscast.sender.capture.FrameSlot;
import org.glasscast.sender.capture.Pacer;
import org.glasscast.sender.media.EncoderSettings;
import org.glasscast.sender.media.H264Encoder;
import org.glasscast.sender.media.OpusEncoder;
import org.glasscast.media.YuvFrame;
import org.glasscast.sender.rtsp.RtspServer;
import org.glasscast.sender.source.AudioSource;
import org.glasscast.sender.source.Sources;
import org.glasscast.sender.source.VideoSource;
import org.glasscast.sender.stream.StreamDescription;
import org.glasscast.sender.stream.StreamPublisher;
import org.glasscast.sender.stream.Subscription;
import org.glasscast.sender.stream.SendFailureReporter;
import org.glasscast.sender.stream.Track;
import org.glasscast.sender.stream.UdpSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sender, and the one place its threads are made and named:
 * {@code gc-capture} (paced test pattern) → one-slot hand-off → {@code gc-encode} (H.264) →
 * {@code gc-net} event loop (packetize once, send to every viewer, RTCP, RTSP);
 * {@code gc-audio} (tone + Opus) → {@code gc-net}; {@code gc-stats} prints once a second.
 * Uncompressed (raw) video has nothing to encode: {@code gc-capture} hands each frame straight to
 * {@code gc-net}, which cuts it into RFC 4175 packets and gives it back to the pool once sent.
 */
public final class Sender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final int OPUS_BITRATE = 96_000;
    /** Captured frames that may wait for the encoder; more and the oldest is dropped (see FrameSlot). */
    private static final int HANDOFF_DEPTH = 2;
    /**
     * Raw mode: frames wait on the event loop until sent, so the pool holds about 10 ms of frames
     * (a scheduling hiccup at 1000 fps must not cost captures), at most as many as the publisher
     * lets wait (so none is dropped there: a full pool skips a capture instead, with true times)
     * and within this many bytes.
     */
    private static final long RAW_POOL_BYTES = 32L << 20;
    /**
     * A still picture is captured again this often anyway: viewers keep receiving media (so they
     * do not time out) and the picture stays fresh for players that join without asking for a keyframe.
     */
    private static final long STILL_REFRESH_NANOS = 1_000_000_000L;
    /** How long the name of a push destination may take to look up. */
    private static final int PUSH_LOOKUP_SECONDS = 10;

    private final SenderConfig config;
    /** Where the status line and notices go. */
    private final PrintStream out;
    private final MediaClock clock;
    private final SenderStats stats = new SenderStats();
    private final EventLoopGroup group;
    private final VideoSource video;
    private final AudioSource audio;
    /** Null in raw mode. */
    private final H264Encoder encoder;
    /** Non-null in raw mode (RFC 4175); used on the event loop only. */
    private final RawPacketizer rawPacketizer;
    private final OpusEncoder opus;
    private final StreamPublisher publisher;
    private final FrameSlot<YuvFrame> slot;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final SenderReporter reporter;
    private volatile boolean running = true;
    private final KeyframeGate keyframes = new KeyframeGate(System::nanoTime);
    private RtspServer server;
    private Channel pushChannel;
    private long startNanos;

    private Sender(SenderConfig config, PrintStream out, MediaClock clock, VideoSource video, AudioSource audio,
                   UnaryOperator<EncoderSettings> tune) {
        this.config = config;
        this.out = out;
        this.clock = clock;
        this.video = video;
        this.audio = audio;
        this.group = IoTransport.group(1, new DefaultThreadFactory("gc-net", true));
        EncoderSettings settings = EncoderSettings.defaults(video.width(), video.height(), config.fps())
                .withEncoderName(config.encoder());
        if (config.bitrateKbps() > 0) {
            settings = settings.withBitrateKbps(config.bitrateKbps());
        }
        settings = tune.apply(settings);
        H264Encoder enc = null;
        OpusEncoder op = null;
        this.rawPacketizer = config.raw()
                ? new RawPacketizer(RawFormat.of(RawSampling.YCBCR_420, video.width(), video.height()), config.mtu())
                : null;
        try {
            enc = config.raw() ? null : H264Encoder.open(settings);
            op = audio != null ? OpusEncoder.open(OPUS_BITRATE) : null;
        } catch (RuntimeException e) {
            if (enc != null) {
                enc.close();
            }
            if (op != null) {
                op.close();
            }
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        this.encoder = enc;
        this.opus = op;
        this.publisher = new StreamPublisher(group.next(), clock, PooledByteBufAllocator.DEFAULT, config.mtu(),
                this::requestKeyframe, stats);
        this.slot = new FrameSlot<>(handoffDepth(config, video.width(), video.height()),
                () -> new YuvFrame(video.width(), video.height()));
        this.reporter = new SenderReporter(stats, config, out, this::elapsedSeconds,
                () -> audio == null ? 0 : audio.droppedFrames());
    }

    /**
     * Starts capturing, encoding and serving (RTSP) or pushing (RTP + SDP file).
     *
     * @throws IllegalStateException or {@link java.io.UncheckedIOException} with a one-line reason
     */
    public static Sender start(SenderConfig config, PrintStream out) throws InterruptedException, IOException {
        return start(config, out, UnaryOperator.identity());
    }

    /** As {@link #start(SenderConfig, PrintStream)}, with encoder settings beyond the options' (a test's long keyframe interval). */
    public static Sender start(SenderConfig config, PrintStream out, UnaryOperator<EncoderSettings> tune)
            throws InterruptedException, IOException {
        if (config.pushTo() != null && config.pushTo().isUnresolved()) {
            config = config.withPush(lookUp(config.pushTo()), config.sdpFile()); // before the source opens: fail fast
        }
        MediaClock clock = MediaClock.system();
        Sources.Opened opened = Sources.open(config, clock);
        VideoSource video = opened.video();
        AudioSource audio = opened.audio();
        Sender s;
        try {
            s = new Sender(config, out, clock, video, audio, tune);
        } catch (RuntimeException e) {
            video.close();
            if (audio != null) {
                audio.close();
            }
            throw e;
        }
        try {
            s.startThreads();
            if (!config.raw()) {
                s.awaitFirstKeyframe();
            }
            if (config.pushTo() != null) {
                s.startPush();
            } else {
                s.server = RtspServer.start(s.group, config.listen(), s.publisher, s.rawFormat(), audio != null,
                        s.stats, config.auth());
            }
            s.group.next().scheduleAtFixedRate(s.publisher::sendReports, 1, 1, TimeUnit.SECONDS);
            s.stats.readyMillis = LaunchTime.millisSinceLaunch();
            return s;
        } catch (InterruptedException | IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startThreads() {
        startNanos = clock.nanoTime();
        thread("gc-capture", this::captureLoop);
        if (rawPacketizer == null) {
            thread("gc-encode", this::encodeLoop);
        }
        if (audio != null) {
            thread("gc-audio", this::audioLoop);
        }
        thread("gc-stats", this::statsLoop);
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    static int handoffDepth(SenderConfig config, int width, int height) {
        if (!config.raw()) {
            return HANDOFF_DEPTH;
        }
        long frameBytes = (long) width * height * 3 / 2;
        long byTime = config.fps() / 100;
        long byMemory = RAW_POOL_BYTES / frameBytes - 2;
        long byPublisher = StreamPublisher.MAX_PENDING_FRAMES - 2;
        return (int) Math.max(HANDOFF_DEPTH, Math.min(byTime, Math.min(byMemory, byPublisher)));
    }

    private RawFormat rawFormat() {
        return rawPacketizer == null ? null : rawPacketizer.format();
    }

    private void awaitFirstKeyframe() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publisher.sps() == null) {
            if (System.nanoTime() > deadline || !running) {
                throw new IllegalStateException("the encoder produced no keyframe within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /** The address of a push destination given by name; an IOException naming why not (unknown host, a silent name server). */
    private static InetSocketAddress lookUp(InetSocketAddress to) throws IOException, InterruptedException {
        String host = to.getHostString();
        try {
            return new InetSocketAddress(HostLookup.resolve(host, TimeUnit.SECONDS.toNanos(PUSH_LOOKUP_SECONDS)), to.getPort());
        } catch (UnknownHostException e) {
            throw new IOException(ConnectFailure.of(e, host, null, to.getPort(), PUSH_LOOKUP_SECONDS).message());
        } catch (TimeoutException e) {
            throw new IOException(ConnectFailure.lookupTimedOut(host, PUSH_LOOKUP_SECONDS).message());
        }
    }

    private void startPush() throws InterruptedException, IOException {
        InetSocketAddress to = config.pushTo();
        pushChannel = new Bootstrap().group(group).channel(IoTransport.datagramChannel())
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new SendFailureReporter(to, out, stats.packetsSendFailed))
                .bind(0).sync().channel();
        String host = to.getAddress().getHostAddress();
        UdpSink sink = new UdpSink(pushChannel, pushChannel)
                .addTrack(Track.VIDEO, to, new InetSocketAddress(to.getAddress(), to.getPort() + 1));
        if (audio != null) {
            sink.addTrack(Track.AUDIO, new InetSocketAddress(to.getAddress(), to.getPort() + 2),
                    new InetSocketAddress(to.getAddress(), to.getPort() + 3));
        }
        if (config.sdpFile() != null) {
            String sdp = SdpWriter.write(StreamDescription.forPush(publisher, rawFormat(), audio != null, host, to.getPort()));
            Files.writeString(config.sdpFile(), sdp, StandardCharsets.UTF_8);
        }
        Subscription push = new Subscription("push " + host + ":" + to.getPort(), Subscription.Kind.PUSH, sink);
        group.next().submit(() -> publisher.subscribe(push)).sync();
    }

    private void captureLoop() {
        // paced sources are captured at absolute deadlines; self-paced ones block until their next picture
        Pacer pacer = video.selfPaced() ? null : new Pacer(clock::nanoTime, 1_000_000_000L / config.fps());
        long lastCapture = clock.nanoTime() - STILL_REFRESH_NANOS;
        try {
            while (running) {
                if (pacer != null) {
                    pacer.awaitNext();
                    boolean still = video.unchanged(); // always asked: it takes the changes it reports
                    if (still && !keyframeDue() && clock.nanoTime() - lastCapture < STILL_REFRESH_NANOS) {
                        stats.framesUnchanged.increment();
                        continue;
                    }
                }
                YuvFrame f = pacer != null ? slot.acquire() : slot.acquire(100, TimeUnit.MILLISECONDS);
                if (f == null) {
                    if (pacer != null) {
                        stats.framesDroppedSlow.increment();
                    }
                    continue;
                }
                long nanos = video.capture(f);
                if (nanos == VideoSource.END) {
                    slot.discard(f);
                    inputEnded("video");
                    return;
                }
                f.captureNanos(nanos).captureMicros(clock.unixMicrosAt(nanos));
                lastCapture = nanos;
                if (rawPacketizer != null) {
                    keyframes.clear(); // every uncompressed frame stands alone
                    publishRaw(f);
                } else {
                    slot.publish(f);
                }
                stats.framesCaptured.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            fail("capture", e);
        }
    }

    private void encodeLoop() {
        try {
            while (running) {
                YuvFrame f = slot.take(100, TimeUnit.MILLISECONDS);
                if (f == null) {
                    continue;
                }
                forceKeyframeIfWanted();
                long t0 = System.nanoTime();
                try {
                    encoder.encode(f, frame -> {
                        stats.framesEncoded.increment();
                        publisher.publishVideo(frame);
                    });
                } finally {
                    slot.release(f);
                }
                stats.encodeNanos.add(System.nanoTime() - t0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("encoder", e);
        }
    }

    /** Uncompressed, from the capture thread: cut into RFC 4175 payloads on the event loop; the frame returns to the pool after. */
    private void publishRaw(YuvFrame f) {
        stats.framesEncoded.increment();
        RawPlanes planes = RawPlanes.i420(f.y(), f.strideY(), f.u(), f.strideUV(), f.v(), f.strideUV());
        publisher.publishVideoCut(seq -> rawPacketizer.packetize(PooledByteBufAllocator.DEFAULT, planes, seq),
                f.captureMicros(), () -> slot.release(f));
    }

    private void audioLoop() {
        short[] pcm = new short[AudioSource.FRAME_SAMPLES * AudioSource.CHANNELS];
        try {
            while (running) {
                long captureMicros = audio.read(pcm);
                if (captureMicros == AudioSource.END) {
                    inputEnded("audio");
                    return;
                }
                ByteBuf packet = opus.encode(pcm);
                if (packet != null) {
                    publisher.publishAudio(packet, captureMicros);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            fail("audio", e);
        }
    }

    private void inputEnded(String what) {
        log.info("the {} input ended", what);
        ended.countDown();
    }

    private void statsLoop() {
        try {
            while (running) {
                Thread.sleep(1000);
                reporter.report(framesDropped(), false);
                if (config.durationSeconds() > 0 && elapsedSeconds() >= config.durationSeconds()) {
                    ended.countDown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double elapsedSeconds() {
        return (clock.nanoTime() - startNanos) / 1e9;
    }

    private void fail(String stage, Exception e) {
        log.error("{} failed: {}", stage, e.getMessage() != null ? e.getMessage() : e.toString());
        running = false;
        ended.countDown();
    }

    /**
     * A viewer needs a keyframe (it started playing, or lost a packet); see {@link KeyframeGate}
     * for how often one is forced. Any thread.
     */
    private void requestKeyframe() {
        keyframes.request();
    }

    /** Whether the next frame encoded will be a forced keyframe: a still picture is then captured anyway. */
    private boolean keyframeDue() {
        return keyframes.due();
    }

    /** On the encode thread, before each frame. */
    private void forceKeyframeIfWanted() {
        if (encoder != null && keyframes.take()) {
            stats.keyframeRequests.increment();
            encoder.requestKeyframe();
        }
    }

    /** Waits until {@code --duration} has passed, a stage failed, or {@link #close()}. */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** Whether a stage failed (as opposed to ending on time or on request). */
    public boolean failed() {
        return !running && ended.getCount() == 0 && !closed;
    }

    /** Captured frames that were never sent: skipped (no free frame), dropped in the hand-off or the backlog. */
    public long framesDropped() {
        return stats.framesDroppedSlow.sum() + slot.dropped() + stats.framesDroppedBacklog.sum();
    }

    public int rtspPort() {
        return server == null ? -1 : server.port();
    }

    public SenderStats stats() {
        return stats;
    }

    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    /** Stops every thread and frees the native encoders; once, whichever thread (Ctrl-C or main) calls it. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        running = false;
        ended.countDown();
        for (Thread t : threads) {
            t.interrupt();
        }
        video.close(); // unblocks a capture waiting on a device
        if (audio != null) {
            audio.close();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!group.isShuttingDown()) {
            group.next().submit(publisher::sendGoodbye).awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (pushChannel != null) {
            pushChannel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        reporter.report(framesDropped(), true);
        if (encoder != null) {
            encoder.close();
        }
        if (opus != null) {
            opus.close();
        }
    }
}
