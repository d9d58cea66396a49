package org.glasscast.viewer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.interleaved.InterleavedFrame;
import org.glasscast.protocol.netty.IoTransport;
import org.glasscast.protocol.rtcp.FeedbackMessage;
import org.glasscast.protocol.rtcp.ReceiverReport;
import org.glasscast.protocol.rtcp.ReportBlock;
import org.glasscast.protocol.rtcp.RtcpCodec;
import org.glasscast.protocol.rtcp.SourceDescription;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.glasscast.protocol.rtsp.TransportHeader;
import org.glasscast.protocol.sdp.MediaDescription;
import org.glasscast.protocol.sdp.SdpException;
import org.glasscast.protocol.sdp.SdpParser;
import org.glasscast.protocol.sdp.SessionDescription;
import org.glasscast.viewer.decode.AudioDecodeStage;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.rtp.TrackReceiver;
import org.glasscast.viewer.rtsp.RtspClient;
import org.glasscast.viewer.rtsp.RtspClientException;
import org.glasscast.viewer.stats.ViewerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running viewer, and the one place its threads are made and named: {@code gc-net} (RTSP,
 * RTP/RTCP receive, reorder, depacketize) → bounded queues → {@code gc-video} (H.264 decode,
 * pattern check, sink) and {@code gc-audio} (Opus decode); {@code gc-stats} reports each second.
 */
public final class Viewer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);
    private static final int CONNECT_ATTEMPTS = 4;
    private static final long NO_MEDIA_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 250_000_000L;
    /** RTCP payload-specific feedback, picture loss indication (RFC 4585 §6.3.1). */
    private static final int PSFB = 206;
    private static final int PLI = 1;

    private final ViewerConfig config;
    private final PrintStream out;
    private final MediaClock clock = MediaClock.system();
    private final ViewerStats stats = new ViewerStats();
    private final EventLoopGroup group = IoTransport.group(1, new DefaultThreadFactory("gc-net", true));
    private final EventLoop loop = group.next();
    private final long ourSsrc = ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL;
    private final List<Channel> udpChannels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong lastKeyframeRequest = new AtomicLong();
    private final AtomicLong lastMediaNanos = new AtomicLong(System.nanoTime());
    private final ViewerReporter reporter;
    private final VideoDecodeStage.FrameSink sink;
    private RtspClient rtsp;
    private TrackReceiver video;
    private TrackReceiver audio;
    private VideoDecodeStage videoStage;
    private AudioDecodeStage audioStage;
    /** Where RTCP of each track goes: interleaved channel, or UDP channel + address. */
    private final Map<TrackReceiver, Consumer<ByteBuf>> rtcpOut = new java.util.IdentityHashMap<>();
    private final Map<Integer, TrackReceiver> rtpByChannel = new java.util.HashMap<>();
    private final Map<Integer, TrackReceiver> rtcpByChannel = new java.util.HashMap<>();
    private volatile String endReason;
    private volatile boolean failed;
    private long startNanos;

    private Viewer(ViewerConfig config, PrintStream out, VideoDecodeStage.FrameSink sink) {
        this.config = config;
        this.out = out;
        this.sink = sink;
        this.reporter = new ViewerReporter(stats, config, out, this::elapsedSeconds);
    }

    /**
     * Connects (RTSP URL) or binds (SDP file) and starts receiving.
     *
     * @param sink where decoded frames go; null = headless (frames are consumed and counted)
     * @throws RtspClientException, IOException with a one-line reason
     */
    public static Viewer start(ViewerConfig config, PrintStream out, VideoDecodeStage.FrameSink sink)
            throws IOException, InterruptedException {
        Viewer v = new Viewer(config, out, sink);
        try {
            v.startNanos = System.nanoTime();
            if (isSdpFile(config.source())) {
                v.openSdpFile(Path.of(config.source()));
            } else {
                v.openRtsp(URI.create(config.source()));
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

    private void openRtsp(URI url) throws IOException, InterruptedException {
        rtsp = RtspClient.connect(group, url, CONNECT_ATTEMPTS, this::onInterleaved, () -> end("lost the connection to " + url.getHost(), true));
        rtsp.options();
        RtspClient.Description d = rtsp.describe();
        createReceivers(d.sdp());
        InetAddress server = rtsp.remoteAddress().getAddress();
        int channel = 0;
        for (TrackReceiver tr : receivers()) {
            MediaDescription m = tr == video ? d.sdp().video().orElseThrow() : d.sdp().audio().orElseThrow();
            String control = RtspClient.controlUrl(d.baseUrl(), m.control());
            if (config.tcp()) {
                int rtpCh = channel;
                TransportHeader reply = rtsp.setup(control, TransportHeader.tcp(rtpCh, rtpCh + 1));
                rtpByChannel.put(reply.rtpPort(), tr);
                rtcpByChannel.put(reply.rtcpPort(), tr);
                int rtcpCh = reply.rtcpPort();
                rtcpOut.put(tr, buf -> rtsp.writeInterleaved(new InterleavedFrame(rtcpCh, buf)));
                channel += 2;
            } else {
                Channel[] pair = bindUdpPair(tr, 0);
                int rtpPort = ((InetSocketAddress) pair[0].localAddress()).getPort();
                TransportHeader reply = rtsp.setup(control,
                        TransportHeader.udp(rtpPort, ((InetSocketAddress) pair[1].localAddress()).getPort()));
                if (reply.serverRtcpPort() > 0) {
                    InetSocketAddress to = new InetSocketAddress(server, reply.serverRtcpPort());
                    rtcpOut.put(tr, buf -> pair[1].writeAndFlush(new DatagramPacket(buf, to), pair[1].voidPromise()));
                }
            }
        }
        rtsp.play();
        rtsp.startKeepAlive();
        log.info("playing {} over {}", url, config.tcp() ? "TCP" : "UDP");
    }

    private void openSdpFile(Path file) throws IOException, InterruptedException {
        SessionDescription sdp;
        try {
            sdp = SdpParser.parse(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such SDP file: " + file);
        } catch (SdpException e) {
            throw new IOException(file + " is not a usable SDP file: " + e.getMessage());
        }
        createReceivers(sdp);
        for (TrackReceiver tr : receivers()) {
            MediaDescription m = tr == video ? sdp.video().orElseThrow() : sdp.audio().orElseThrow();
            if (m.port() <= 0) {
                throw new IOException(file + ": the " + m.media() + " stream has no port");
            }
            bindUdpPair(tr, m.port());
        }
    }

    private void createReceivers(SessionDescription sdp) throws IOException {
        MediaDescription v = sdp.video().orElse(null);
        if (v == null || !"H264".equalsIgnoreCase(v.encodingName())) {
            throw new RtspClientException("the stream has no H.264 video"
                    + (v == null ? "" : " (its video is " + v.encodingName() + ")"));
        }
        long reorderNanos = TimeUnit.MILLISECONDS.toNanos(config.reorderMillis());
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        video = TrackReceiver.h264(v.payloadType(), extId(v), stats, System::nanoTime, reorderNanos, alloc,
                au -> videoStage.offer(au));
        stats.videoCodec = "h264";
        videoStage = new VideoDecodeStage(stats, clock, video.captureClock(), config.verifyPattern(),
                this::requestKeyframe, sink != null ? sink : (frame, capture) -> stats.framesDisplayed.increment());
        MediaDescription a = sdp.audio().orElse(null);
        if (a != null && "opus".equalsIgnoreCase(a.encodingName())) {
            audio = TrackReceiver.opus(a.payloadType(), a.clockRate(), extId(a), stats, System::nanoTime,
                    reorderNanos, alloc, p -> audioStage.offer(p));
            audioStage = new AudioDecodeStage(stats, clock);
        } else if (a != null) {
            out.println("view: audio " + a.encodingName() + " is not supported yet; playing video only");
        }
        for (TrackReceiver tr : receivers()) {
            tr.onGoodbye(() -> end("the sender ended the stream", false));
        }
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
        return audio == null ? List.of(video) : List.of(video, audio);
    }

    /** Binds RTP and RTCP ports (an even/odd pair when {@code port} is 0). */
    private Channel[] bindUdpPair(TrackReceiver tr, int port) throws IOException, InterruptedException {
        Bootstrap rtp = udpBootstrap(new RtpDatagramHandler(tr, false));
        Bootstrap rtcp = udpBootstrap(new RtpDatagramHandler(tr, true));
        for (int attempt = 0; attempt < 50; attempt++) {
            Channel a;
            try {
                a = rtp.bind(port).sync().channel();
            } catch (Exception e) {
                throw new IOException("cannot receive on UDP port " + port + ": " + e.getMessage());
            }
            int p = ((InetSocketAddress) a.localAddress()).getPort();
            if (port != 0 || (p % 2 == 0 && p < 65535)) {
                try {
                    Channel b = rtcp.bind(p + 1).sync().channel();
                    udpChannels.add(a);
                    udpChannels.add(b);
                    return new Channel[] {a, b};
                } catch (Exception e) {
                    if (port != 0) {
                        a.close();
                        throw new IOException("cannot receive RTCP on UDP port " + (p + 1) + ": " + e.getMessage());
                    }
                }
            }
            a.close().sync();
        }
        throw new IOException("no free UDP port pair");
    }

    private Bootstrap udpBootstrap(RtpDatagramHandler handler) {
        return new Bootstrap().group(group).channel(IoTransport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(handler);
    }

    @io.netty.channel.ChannelHandler.Sharable
    private final class RtpDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final TrackReceiver track;
        private final boolean rtcp;

        RtpDatagramHandler(TrackReceiver track, boolean rtcp) {
            this.track = track;
            this.rtcp = rtcp;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            onPacket(track, rtcp, packet.content());
        }
    }

    private void onInterleaved(InterleavedFrame frame) {
        try {
            TrackReceiver rtp = rtpByChannel.get(frame.channel());
            if (rtp != null) {
                onPacket(rtp, false, frame.content());
            } else {
                TrackReceiver rtcp = rtcpByChannel.get(frame.channel());
                if (rtcp != null) {
                    onPacket(rtcp, true, frame.content());
                } else {
                    stats.packetsMalformed.increment();
                }
            }
        } finally {
            frame.release();
        }
    }

    private void onPacket(TrackReceiver tr, boolean rtcp, ByteBuf buf) {
        if (rtcp) {
            tr.onRtcp(buf);
        } else {
            lastMediaNanos.set(System.nanoTime());
            tr.onRtp(buf);
        }
    }

    private void startThreads() {
        thread("gc-video", videoStage::run);
        if (audioStage != null) {
            thread("gc-audio", audioStage::run);
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
                reporter.report(videoStage.queued(), false);
                if (config.durationSeconds() > 0 && elapsedSeconds() >= config.durationSeconds()) {
                    end("done", false);
                } else if (System.nanoTime() - lastMediaNanos.get() > NO_MEDIA_TIMEOUT_NANOS) {
                    end("no media received for " + NO_MEDIA_TIMEOUT_NANOS / 1_000_000_000L + " s", true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendReceiverReports() {
        for (TrackReceiver tr : receivers()) {
            Consumer<ByteBuf> to = rtcpOut.get(tr);
            ReportBlock block = tr.reportBlock();
            if (to != null && block != null) {
                to.accept(RtcpCodec.encode(PooledByteBufAllocator.DEFAULT, new ReceiverReport(ourSsrc, List.of(block)),
                        new SourceDescription(ourSsrc, "glasscast-viewer")));
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
            Consumer<ByteBuf> to = rtcpOut.get(video);
            if (to != null && video.mediaSsrc() >= 0) {
                to.accept(RtcpCodec.encode(PooledByteBufAllocator.DEFAULT,
                        new ReceiverReport(ourSsrc, List.of()),
                        new FeedbackMessage(PSFB, PLI, ourSsrc, video.mediaSsrc())));
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

    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    /** TEARDOWN, stops every thread, frees the decoders; once, whichever thread (Ctrl-C or main) calls it. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        end("closed", false);
        if (rtsp != null) {
            rtsp.close();
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
        for (Channel c : udpChannels) {
            c.close().syncUninterruptibly();
        }
        if (video != null && !loop.isShuttingDown()) {
            loop.submit(() -> receivers().forEach(TrackReceiver::close)).syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (videoStage != null) {
            reporter.report(0, true);
        }
    }
}
