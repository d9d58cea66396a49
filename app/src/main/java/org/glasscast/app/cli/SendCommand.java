package org.glasscast.app.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.glasscast.protocol.rtsp.RtspAuth;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.sender.source.Sources;
import org.glasscast.sender.source.screen.ScreenSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code glasscast send}: capture, encode and serve (RTSP) or push (RTP + SDP). */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Capture, encode (H.264 + Opus) and stream over RTSP/RTP.",
        footer = {"", "Examples:",
                "  glasscast send                                   RTSP server on 0.0.0.0:8554, path /live",
                "  glasscast send --auth alice:secret               viewers open rtsp://alice:secret@HOST:8554/live",
                "  glasscast send --to 127.0.0.1:5004 --sdp s.sdp   push RTP/UDP and write an SDP file"})
public final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "SRC", defaultValue = "test",
            description = "test (moving pattern with burned-in frame code; default) | screen[:MONITOR][@X,Y,WxH]"
                    + " | camera[:DEVICE] | file:PATH | any FFmpeg URL (rtsp://, srt://, udp://, http://...)")
    String source;

    @Option(names = "--audio", paramLabel = "AUD",
            description = "test (tone, beep every second) | none | default (microphone) | monitor (what this machine"
                    + " plays) | source (the file's or URL's own sound) | a device from 'glasscast devices'."
                    + " Default: test with the test source, the source's own sound if it has any, else none")
    String audio;

    @Option(names = "--size", paramLabel = "WxH", converter = Values.SizeConverter.class,
            description = "output size; a real source is scaled into it, aspect kept (default: 1280x720 for the test"
                    + " source, the source's own size otherwise)")
    Values.Size size;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30",
            description = "frames per second of paced sources, test and screen (default ${DEFAULT-VALUE})")
    int fps;

    @Option(names = "--codec", paramLabel = "CODEC", defaultValue = "h264",
            description = "h264 (default) | raw (uncompressed RFC 4175, for loopback or a fast LAN)")
    String codec;

    @Option(names = "--cursor", description = "draw the mouse pointer into a screen capture")
    boolean cursor;

    @Option(names = "--loop", description = "start a file source again when it ends")
    boolean loop;

    @Option(names = "--bitrate", paramLabel = "RATE", converter = Values.BitrateConverter.class,
            description = "video bit rate ceiling, e.g. 4M or 2500k; below it x264 aims at constant quality (CRF 23)."
                    + " Default: 4M at 1280x720@30, scaled by pixels and fps")
    Integer bitrateKbps;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "libx264",
            description = "FFmpeg H.264 encoder (default ${DEFAULT-VALUE}); a missing one is an error")
    String encoder;

    @Option(names = "--mtu", paramLabel = "BYTES", defaultValue = "1200",
            description = "largest RTP payload (default ${DEFAULT-VALUE}; up to 65000 on loopback)")
    int mtu;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8554",
            converter = Values.HostPortConverter.class, description = "RTSP server address (default ${DEFAULT-VALUE})")
    InetSocketAddress listen;

    @Option(names = "--to", paramLabel = "HOST:PORT", converter = Values.RemoteHostPortConverter.class,
            description = "push RTP/UDP here instead of serving RTSP (video PORT, audio PORT+2)")
    InetSocketAddress to;

    @Option(names = "--sdp", paramLabel = "FILE", description = "with --to: write the SDP a player opens")
    Path sdp;

    @Option(names = "--auth", paramLabel = "USER:PASSWORD", defaultValue = "${env:GLASSCAST_AUTH}",
            description = "viewers must log in (RTSP Digest): rtsp://USER:PASSWORD@host:8554/live; or set"
                    + " GLASSCAST_AUTH, which other users cannot read in the process list")
    String auth;

    @Mixin
    RunOptions run;

    SenderConfig config() {
        run.validate(spec);
        String kind = Sources.kind(source);
        if (kind == null) {
            throw usage("unknown --source '" + source + "' (test | screen[:MONITOR][@X,Y,WxH] | camera[:DEVICE]"
                    + " | file:PATH | an FFmpeg URL)");
        }
        if (kind.equals("screen")) {
            try {
                ScreenSpec.parse(source);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (kind.equals("file") && source.length() <= "file:".length()) {
            throw usage("--source file: needs a path, e.g. file:talk.mp4");
        }
        String aud = audio != null ? audio : kind.equals("test") ? "test" : Sources.AUTO;
        if (aud.isBlank()) {
            throw usage("--audio needs a value (test | none | default | monitor | a device)");
        }
        if (!"h264".equals(codec) && !"raw".equals(codec)) {
            throw usage("--codec must be h264 or raw, not '" + codec + "'");
        }
        int maxFps = "raw".equals(codec) ? 1000 : 240;
        if (fps < 1 || fps > maxFps) {
            throw usage("--fps " + fps + " is outside 1.." + maxFps + ("raw".equals(codec) ? "" : " (raw allows 1000)"));
        }
        if (mtu < 200 || mtu > 65000) {
            throw usage("--mtu " + mtu + " is outside 200..65000");
        }
        if (loop && !kind.equals("file")) {
            throw usage("--loop is for file sources");
        }
        if (cursor && !kind.equals("screen")) {
            throw usage("--cursor is for screen sources");
        }
        if (sdp != null && to == null) {
            throw usage("--sdp needs --to HOST:PORT");
        }
        RtspAuth.Credentials credentials;
        try {
            credentials = auth == null || auth.isEmpty() ? null : RtspAuth.Credentials.parse(auth);
        } catch (IllegalArgumentException e) {
            throw usage("--auth needs USER:PASSWORD");
        }
        if (credentials != null && to != null) {
            throw usage("--auth is for the RTSP server; a push (--to) has no log-in");
        }
        if (to != null && (to.getPort() == 0 || to.getPort() > 65532)) {
            throw usage("--to needs a port from 1 to 65532 (video PORT, RTCP PORT+1, audio PORT+2/+3)");
        }
        int w = size != null ? size.width() : kind.equals("test") ? 1280 : 0;
        int h = size != null ? size.height() : kind.equals("test") ? 720 : 0;
        if ("raw".equals(codec)) {
            checkRawPlan(w, h);
        }
        return new SenderConfig(source, aud, w, h, fps, bitrateKbps == null ? 0 : bitrateKbps, encoder, codec, cursor,
                loop, mtu, to == null ? listen : null, to, sdp, run.duration, run.statsJson, run.quiet, credentials);
    }

    /** Uncompressed video must fit RFC 4175's 15-bit line numbers and a rate a network can carry. */
    private void checkRawPlan(int w, int h) {
        if (w == 0 || h == 0) {
            throw usage("--codec raw needs --size WxH (the rate depends on it)");
        }
        if (w > 32767 || h > 32767) {
            throw usage("--codec raw: " + w + "x" + h + " is larger than RFC 4175's 32767 lines/pixels");
        }
        double gbits = w * (double) h * 1.5 * 8 * fps / 1e9;
        if (gbits > 10) {
            throw usage(String.format(java.util.Locale.ROOT,
                    "--codec raw: %dx%d at %d fps is %.1f Gbit/s, more than 10 Gbit/s; lower --size or --fps", w, h,
                    fps, gbits));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        SenderConfig config = config();
        FfmpegLog.inBackground(); // beside opening the source; the encoders wait for it
        Sender sender = Sender.start(config, System.out);
        Lifecycle lifecycle = Lifecycle.onInterrupt(sender);
        try {
            if (config.pushTo() != null) {
                System.out.println("send: pushing RTP to " + config.pushTo().getHostString() + ":" + config.pushTo().getPort()
                        + (config.sdpFile() != null ? ", SDP in " + config.sdpFile() : ""));
            } else {
                List<String> urls = ServingUrls.lines(config.listen(), sender.rtspPort(), ServingUrls.machineAddresses());
                String login = config.auth() != null ? " (viewers log in as " + config.auth().user() + ")" : "";
                if (urls.size() == 1) {
                    System.out.println("send: serving " + urls.get(0) + login);
                } else {
                    System.out.println("send: serving on port " + sender.rtspPort() + login + "; viewers open");
                    urls.forEach(u -> System.out.println("  " + u));
                }
            }
            sender.awaitEnd();
            boolean failed = sender.failed();
            return failed ? 1 : 0;
        } finally {
            sender.close();
            lifecycle.close();
        }
    }
}
