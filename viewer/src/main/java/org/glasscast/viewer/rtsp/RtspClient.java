package org.glasscast.viewer.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.glasscast.protocol.interleaved.InterleavedFrame;
import org.glasscast.protocol.interleaved.InterleavedFrameEncoder;
import org.glasscast.protocol.interleaved.RtspInterleavedDemuxer;
import org.glasscast.protocol.net.ConnectFailure;
import org.glasscast.protocol.net.HostLookup;
import org.glasscast.protocol.netty.IoTransport;
import org.glasscast.protocol.rtsp.RtspAuth;
import org.glasscast.protocol.rtsp.RtspUrl;
import org.glasscast.protocol.rtsp.TransportHeader;
import org.glasscast.protocol.sdp.SdpException;
import org.glasscast.protocol.sdp.SdpParser;
import org.glasscast.protocol.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP 1.0 client (RFC 2326): OPTIONS, DESCRIBE, SETUP, PLAY, keep-alive and TEARDOWN over one
 * connection that also carries interleaved media when the transport is TCP. Requests block the
 * calling thread (the viewer's main thread), never the event loop. A user name and password in
 * the URL answer a server's 401 (Digest, or Basic when that is all it offers) and go with every
 * later request; they never go on the wire in the URL, nor into a message.
 */
public final class RtspClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtspClient.class);
    private static final int DEFAULT_PORT = 554;

    private final URI url;
    private final RtspUrl credentials;
    private final Channel channel;
    /** How long a request waits for its answer. */
    private final double answerTimeoutSeconds;
    private final Map<Integer, CompletableFuture<FullHttpResponse>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger cseq = new AtomicInteger(1);
    private volatile String session;
    private volatile int sessionTimeoutSeconds = 60;
    /** The keep-alive's timer on the event loop, which outlives this client (a viewer connects again). */
    private volatile java.util.concurrent.ScheduledFuture<?> keepAlive;
    private volatile boolean getParameterSupported;
    private String contentBase;
    /** The answer to the server's challenge once it has sent one; guarded by this. */
    private RtspAuth.Answer auth;

    /** The answer to DESCRIBE: the SDP and the URL its relative controls resolve against. */
    public record Description(SessionDescription sdp, String baseUrl) {
    }

    private RtspClient(RtspUrl url, Channel channel, double answerTimeoutSeconds) {
        this.url = url.withoutUserInfo();
        this.credentials = url;
        this.channel = channel;
        this.answerTimeoutSeconds = answerTimeoutSeconds;
    }

    /**
     * Connects, retrying a refused or unreachable server with back-off ({@code attempts} tries in
     * all) for at most {@code timeoutSeconds} from the start: the name lookup, the TCP handshake
     * and the retries all count, so a host that drops the request is reported when the time is up.
     * A failure is named once ({@link ConnectFailure}): {@code onNewCause} hears it at the first
     * failure that is retried and again only when the cause changes; the exception thrown at the
     * end says it too. The same time is allowed for each RTSP answer later.
     *
     * @param onNewCause  hears why the connection failed, when another attempt follows (caller's thread)
     * @param interleaved receives media frames of a TCP session on the event loop; owns them
     * @param onClose     runs on the event loop when the connection closes
     */
    public static RtspClient connect(EventLoopGroup group, URI url, int attempts, double timeoutSeconds,
                                     Consumer<ConnectFailure> onNewCause, Consumer<InterleavedFrame> interleaved,
                                     Runnable onClose) throws RtspClientException, InterruptedException {
        return connect(group, url, attempts, timeoutSeconds, timeoutSeconds, onNewCause, interleaved, onClose);
    }

    /**
     * As {@link #connect(EventLoopGroup, URI, int, double, Consumer, Consumer, Runnable)}, with the
     * time each RTSP answer is waited for apart from the time connecting may take ({@code
     * timeoutSeconds}): a viewer waiting for its sender tries to connect briefly and often, and
     * still gives a slow camera its time to answer.
     */
    public static RtspClient connect(EventLoopGroup group, URI url, int attempts, double timeoutSeconds,
                                     double answerTimeoutSeconds, Consumer<ConnectFailure> onNewCause,
                                     Consumer<InterleavedFrame> interleaved, Runnable onClose)
            throws RtspClientException, InterruptedException {
        String host = url.getHost();
        if (host == null) {
            throw new RtspClientException("no host in " + RtspUrl.redacted(url.toString()));
        }
        RtspUrl parts = RtspUrl.of(url);
        int port = url.getPort() > 0 ? url.getPort() : DEFAULT_PORT;
        RtspClient[] self = new RtspClient[1];
        Bootstrap b = new Bootstrap().group(group).channel(IoTransport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new RtspInterleavedDemuxer())
                                .addLast(new RtspDecoder())
                                .addLast(new RtspEncoder())
                                .addLast(new InterleavedFrameEncoder())
                                .addLast(new HttpObjectAggregator(1 << 20))
                                .addLast(new ResponseHandler(() -> self[0], interleaved, onClose));
                    }
                });
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        long backoffMillis = 500;
        ConnectFailure named = null; // the cause last told
        for (int attempt = 1; ; attempt++) {
            ConnectFailure failure;
            InetAddress address = null;
            try {
                address = HostLookup.resolve(host, deadline - System.nanoTime());
                Channel ch = connectOnce(b, new InetSocketAddress(address, port), deadline - System.nanoTime());
                self[0] = new RtspClient(parts, ch, answerTimeoutSeconds);
                return self[0];
            } catch (TimeoutException e) {
                failure = ConnectFailure.lookupTimedOut(host, timeoutSeconds);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = ConnectFailure.of(e, host, address, port, timeoutSeconds);
            }
            if (named != null && (failure.sameCauseAs(named) || failure.cause() == ConnectFailure.Cause.TIMED_OUT)) {
                // the same cause in other words (a resolver's cached answer), or a retry cut short by
                // the time allowed: the cause is the one already named
                failure = named;
            }
            long now = System.nanoTime();
            boolean retry = attempt < attempts && now + TimeUnit.MILLISECONDS.toNanos(backoffMillis) < deadline;
            if (!retry) {
                String tries = attempt == 1 ? "" : String.format(java.util.Locale.ROOT, "; %d attempts in %.1f s",
                        attempt, (now - start) / 1e9);
                throw new RtspClientException(failure.message() + tries, failure);
            }
            if (!failure.sameCauseAs(named)) {
                named = failure;
                onNewCause.accept(failure);
            }
            log.debug("connect attempt {} to {}:{}: {}; next in {} ms", attempt, host, port, failure, backoffMillis);
            Thread.sleep(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, 4000);
        }
    }

    /** One TCP connect that gives up after {@code timeoutNanos}; closes what it opened when it fails. */
    private static Channel connectOnce(Bootstrap b, InetSocketAddress to, long timeoutNanos) throws Exception {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        ChannelFuture f = b.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis).connect(to);
        try {
            f.await();
        } catch (InterruptedException e) {
            f.cancel(false);
            f.channel().close();
            throw e;
        }
        if (!f.isSuccess()) {
            f.channel().close();
            Throwable cause = f.cause();
            throw cause instanceof Exception ex ? ex : new IOException(cause);
        }
        return f.channel();
    }

    private String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.nio.channels.ClosedChannelException) {
            return "the connection was closed by " + url.getHost(); // a sender going down as we asked
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replaceFirst("^.*?: ", "");
    }

    public void options() throws RtspClientException, InterruptedException {
        FullHttpResponse r = request(RtspMethods.OPTIONS, url.toString(), null);
        try {
            String pub = r.headers().get(RtspHeaderNames.PUBLIC, "");
            getParameterSupported = pub.toUpperCase(java.util.Locale.ROOT).contains("GET_PARAMETER");
        } finally {
            r.release();
        }
    }

    /**
     * OPTIONS without waiting for the answer, which only chooses the keep-alive's method: sent
     * after PLAY, it costs the start no round trip (RFC 2326 lets a client send it at any time).
     */
    public void optionsInBackground() {
        send(RtspMethods.OPTIONS, url.toString(), null).whenComplete((r, failed) -> {
            if (r != null) {
                try {
                    if (r.status().code() / 100 == 2) {
                        String pub = r.headers().get(RtspHeaderNames.PUBLIC, "");
                        getParameterSupported = pub.toUpperCase(java.util.Locale.ROOT).contains("GET_PARAMETER");
                    }
                } finally {
                    r.release();
                }
            }
        });
    }

    public Description describe() throws RtspClientException, InterruptedException {
        FullHttpResponse r = request(RtspMethods.DESCRIBE, url.toString(), Map.of("Accept", "application/sdp"));
        try {
            String base = r.headers().get(RtspHeaderNames.CONTENT_BASE);
            if (base == null) {
                base = r.headers().get(RtspHeaderNames.CONTENT_LOCATION);
            }
            contentBase = base == null ? url.toString() : base;
            String text = r.content().toString(StandardCharsets.UTF_8);
            try {
                return new Description(SdpParser.parse(text), contentBase);
            } catch (SdpException e) {
                throw new RtspClientException("the SDP from " + url + " is malformed: " + e.getMessage());
            }
        } finally {
            r.release();
        }
    }

    /** The absolute URL of a media control attribute (RFC 2326 §C.1.1). */
    public static String controlUrl(String base, String control) {
        if (control == null || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        return base.endsWith("/") ? base + control : base + "/" + control;
    }

    public TransportHeader setup(String controlUrl, TransportHeader transport) throws RtspClientException, InterruptedException {
        FullHttpResponse r = request(RtspMethods.SETUP, controlUrl, Map.of(RtspHeaderNames.TRANSPORT.toString(), transport.format()));
        try {
            String s = r.headers().get(RtspHeaderNames.SESSION);
            if (s != null) {
                String[] parts = s.split(";");
                session = parts[0].trim();
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("timeout=")) {
                        try {
                            sessionTimeoutSeconds = Math.max(5, Integer.parseInt(p.substring(8).trim()));
                        } catch (NumberFormatException ignored) {
                            // keep the default
                        }
                    }
                }
            }
            try {
                return TransportHeader.parse(r.headers().get(RtspHeaderNames.TRANSPORT));
            } catch (IllegalArgumentException e) {
                throw new RtspClientException("SETUP " + controlUrl + ": bad Transport in reply: " + e.getMessage());
            }
        } finally {
            r.release();
        }
    }

    public void play() throws RtspClientException, InterruptedException {
        String target = contentBase != null ? contentBase : url.toString();
        request(RtspMethods.PLAY, target, Map.of(RtspHeaderNames.RANGE.toString(), "npt=0.000-")).release();
    }

    /** Keeps the session alive at half its timeout; runs on the connection's event loop. */
    public void startKeepAlive() {
        long period = Math.max(2, sessionTimeoutSeconds / 2);
        keepAlive = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (channel.isActive()) {
                send(getParameterSupported ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS,
                        contentBase != null ? contentBase : url.toString(), null)
                        .whenComplete((r, failed) -> {
                            if (r != null) {
                                onKeepAliveAnswer(r);
                            }
                        });
            }
        }, period, period, TimeUnit.SECONDS);
    }

    /** Releases a keep-alive's answer; a 401 (a camera that expired its nonce) gets a fresh answer for the next. */
    private void onKeepAliveAnswer(FullHttpResponse r) {
        try {
            if (r.status().code() == 401 && credentials.hasCredentials()) {
                RtspAuth.Answer answer = answerTo(challenges(r));
                if (answer != null) {
                    synchronized (this) {
                        auth = answer;
                    }
                }
                log.debug("keep-alive answered 401: the next one answers the new challenge");
            }
        } finally {
            r.release();
        }
    }

    /** Sends media-side data (RTCP) interleaved on this connection; takes ownership. */
    public void writeInterleaved(InterleavedFrame frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    private FullHttpResponse request(HttpMethod method, String uri, Map<String, String> headers)
            throws RtspClientException, InterruptedException {
        FullHttpResponse r = exchange(method, uri, headers);
        // a 401 is answered from the URL's credentials (a fresh answer: the server may have moved on to
        // a new nonce); a second 401 means a wrong password unless the server says the nonce went stale
        for (int tries = 0; r.status().code() == 401 && credentials.hasCredentials() && tries < 3; tries++) {
            List<RtspAuth.Challenge> challenges = challenges(r);
            if (tries > 0 && challenges.stream().noneMatch(RtspAuth::stale)) {
                break;
            }
            RtspAuth.Answer answer = answerTo(challenges);
            if (answer == null) {
                r.release();
                throw RtspClientException.permanent(uri + " asks for a way of logging in glasscast does not speak: "
                        + challenges.stream().map(RtspAuth.Challenge::scheme).toList() + " (401 Unauthorized)");
            }
            r.release();
            synchronized (this) {
                auth = answer;
            }
            r = exchange(method, uri, headers);
        }
        int code = r.status().code();
        if (code / 100 != 2) {
            String reason = r.status().reasonPhrase();
            r.release();
            if (code == 401 && credentials.hasCredentials()) {
                throw RtspClientException.permanent(uri + " refused user '" + credentials.user()
                        + "' (401 Unauthorized): check the user name and password");
            }
            if (code == 401) {
                throw RtspClientException.permanent(uri + " needs a user name and password: rtsp://USER:PASSWORD@"
                        + uri.substring(uri.indexOf("://") + 3) + " (401 Unauthorized)");
            }
            if (code == 404) {
                throw new RtspClientException("no stream at " + uri + " (404 Not Found)");
            }
            throw new RtspClientException(method + " " + uri + ": " + code + " " + reason);
        }
        return r;
    }

    private static List<RtspAuth.Challenge> challenges(FullHttpResponse r) {
        return RtspAuth.parse(r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE));
    }

    /** The URL's credentials answering the strongest challenge we speak, or null. */
    private RtspAuth.Answer answerTo(List<RtspAuth.Challenge> challenges) {
        return RtspAuth.answer(challenges, credentials.user(), credentials.password());
    }

    private FullHttpResponse exchange(HttpMethod method, String uri, Map<String, String> headers)
            throws RtspClientException, InterruptedException {
        CompletableFuture<FullHttpResponse> f = send(method, uri, headers);
        try {
            return f.get((long) (answerTimeoutSeconds * 1e9), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(false); // an answer coming later is released on arrival
            throw new RtspClientException(method + " " + uri + ": no answer, timed out after "
                    + ConnectFailure.seconds(answerTimeoutSeconds) + " s");
        } catch (ExecutionException e) {
            throw new RtspClientException(method + " " + uri + ": " + rootMessage(e));
        }
    }

    private CompletableFuture<FullHttpResponse> send(HttpMethod method, String uri, Map<String, String> headers) {
        CompletableFuture<FullHttpResponse> f = new CompletableFuture<>();
        FullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri);
        req.headers().set(RtspHeaderNames.USER_AGENT, "glasscast");
        if (session != null) {
            req.headers().set(RtspHeaderNames.SESSION, session);
        }
        if (headers != null) {
            headers.forEach(req.headers()::set);
        }
        // CSeq and the Digest nonce count go on the wire in the order they are taken (the main
        // thread's requests and the event loop's keep-alives); a write only queues, or writes at once
        synchronized (this) {
            int n = cseq.getAndIncrement();
            pending.put(n, f);
            req.headers().set(RtspHeaderNames.CSEQ, n);
            if (auth != null) {
                req.headers().set(RtspHeaderNames.AUTHORIZATION, auth.header(method.name(), uri));
            }
            channel.writeAndFlush(req).addListener(w -> {
                if (!w.isSuccess()) {
                    pending.remove(n);
                    f.completeExceptionally(w.cause());
                }
            });
        }
        return f;
    }

    /** Best-effort TEARDOWN, then closes the connection. */
    @Override
    public void close() {
        java.util.concurrent.ScheduledFuture<?> timer = keepAlive;
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel.isActive() && session != null) {
            CompletableFuture<FullHttpResponse> teardown = send(RtspMethods.TEARDOWN,
                    contentBase != null ? contentBase : url.toString(), null);
            try {
                teardown.get(1, TimeUnit.SECONDS).release();
            } catch (InterruptedException e) {
                teardown.cancel(false);
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                teardown.cancel(false);
                log.debug("TEARDOWN unanswered: {}", e.toString());
            }
        }
        channel.close().syncUninterruptibly();
    }

    private void onResponse(FullHttpResponse r) {
        Integer n = r.headers().getInt(RtspHeaderNames.CSEQ);
        CompletableFuture<FullHttpResponse> f = n == null ? null : pending.remove(n);
        if (f == null || !f.complete(r)) {
            r.release(); // one nobody waits for any more (timed out), or no CSeq of ours
        }
    }

    private void onClosed() {
        RtspClientException closed = new RtspClientException("connection closed by " + url.getHost());
        pending.values().forEach(f -> f.completeExceptionally(closed));
        pending.clear();
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<Object> {
        private final java.util.function.Supplier<RtspClient> client;
        private final Consumer<InterleavedFrame> interleaved;
        private final Runnable onClose;

        ResponseHandler(java.util.function.Supplier<RtspClient> client, Consumer<InterleavedFrame> interleaved,
                        Runnable onClose) {
            super(false);
            this.client = client;
            this.interleaved = interleaved;
            this.onClose = onClose;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof InterleavedFrame frame) {
                interleaved.accept(frame);
            } else if (msg instanceof FullHttpResponse r && client.get() != null) {
                client.get().onResponse(r);
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            RtspClient c = client.get();
            if (c != null) {
                c.onClosed();
            }
            onClose.run();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("RTSP connection error: {}", cause.toString());
            ctx.close();
        }
    }
}
