package org.glasscast.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.glasscast.protocol.net.ConnectFailure;
import org.glasscast.protocol.rtsp.RtspUrl;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.glasscast.viewer.present.DeferredClock;
import org.glasscast.viewer.present.SyncMode;
import org.glasscast.viewer.record.DeferredRecordingControl;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.record.RecordingPaths;
import org.glasscast.viewer.window.VideoWindow;
import org.glasscast.viewer.window.WindowException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code glasscast view}: receive, decode and show a stream in a window (or check it headless). */
@Command(name = "view", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Receive, decode and show a stream: rtsp:// URL or an .sdp file.",
                "Window keys: S stats overlay, F fullscreen, R record, Q or Esc quit."},
        footer = {"", "Examples:",
                "  glasscast view rtsp://127.0.0.1:8554/live",
                "  glasscast view rtsp://127.0.0.1:8554/live --headless --verify-pattern",
                "  glasscast view stream.sdp --headless",
                "  glasscast view stream.sdp --headless --audio-out default    (sound, no window)",
                "  glasscast view rtsp://capture-pc:8554/live --record show.mkv",
                "  glasscast view rtsp://capture-pc:8554/live --record clips/ --segment 5",
                "",
                "Recording copies the received H.264 and Opus (no re-encode), each frame at",
                "its capture time, from the first keyframe. FILE.mkv is Matroska, FILE.mp4",
                "fragmented MP4; later files of a run (a new picture size, R pressed again)",
                "are FILE-001.mkv, FILE-002.mkv... With --segment S a new file starts at the",
                "first keyframe after S seconds, no frame lost or doubled between them:",
                "  --record DIR/           DIR/glasscast-YYYYMMDD-HHMMSS-000.mkv, -001... (DIR",
                "                          created; a name without extension is a DIR too)",
                "  --record clip-%%03d.mp4  clip-000.mp4, clip-001.mp4...",
                "  --record show.mkv       show-000.mkv, show-001.mkv...",
                "Each file plays from 0 (its capture_start tag holds its first picture's",
                "capture time) and lasts until the next one begins, so",
                "ffmpeg -f concat -safe 0 -i LIST -c copy joins them.",
                "The window's R key starts and stops recording (without --record, to",
                "glasscast-YYYYMMDD-HHMMSS.mkv in the current directory). When a recording",
                "stops, one line gives its file(s), duration and size."})
public final class ViewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL|FILE.sdp", description = "rtsp://HOST[:PORT]/PATH or an SDP file")
    String source;

    @Option(names = "--transport", paramLabel = "udp|tcp", defaultValue = "udp",
            description = "RTP over UDP (default) or interleaved in the RTSP connection")
    String transport;

    @Option(names = "--headless", description = "no window: decode, check and count frames")
    boolean headless;

    @Option(names = "--verify-pattern", description = "read the burned-in frame code of every decoded frame")
    boolean verifyPattern;

    @Option(names = "--latency", paramLabel = "MS", defaultValue = "50",
            description = "how long a missing packet is waited for before it counts as lost (default ${DEFAULT-VALUE})")
    int latencyMs;

    @Option(names = "--timeout", paramLabel = "S",
            description = "with --exit-on-end: how long to try reaching an rtsp:// sender (name lookup and "
                    + "connection, default 10 s); always: the longest wait for each of its answers")
    Double timeout;

    @Option(names = "--exit-on-end", description = "exit when the stream ends (status 0) or at the first failure to "
            + "connect (status 1, with its cause), instead of waiting for the sender and playing again when it is back")
    boolean exitOnEnd;

    @Option(names = "--no-vsync", description = "with the window: present without waiting for vsync")
    boolean noVsync;

    @Option(names = "--audio-out", paramLabel = "default|none|DEVICE",
            description = "where the sound plays: the default output (the default with a window), none (the "
                    + "default with --headless), or an OpenAL device name; without a sound device it plays to "
                    + "OpenAL Soft's null output, keeping the picture in time with it")
    String audioOut;

    @Option(names = "--sync", paramLabel = "audio|video|off", defaultValue = "audio",
            description = "what the picture is timed against: audio (default: shown at once while the sound is at "
                    + "most 35 ms behind (IS-191 allows 45), held just long enough otherwise), video (the picture at once, the sound "
                    + "held back when it would lead), off (each at once)")
    String sync;

    @Option(names = "--record", paramLabel = "PATH",
            description = "record to PATH: FILE.mkv (default format), FILE.mp4, a directory, or a pattern like clip-%%03d.mkv")
    String record;

    @Option(names = "--segment", paramLabel = "S",
            description = "with --record: a new file at the first keyframe after every S seconds (1 to 86400)")
    Double segment;

    @Mixin
    RunOptions run;

    ViewerConfig config() {
        run.validate(spec);
        String t = transport.toLowerCase(Locale.ROOT);
        if (!t.equals("udp") && !t.equals("tcp")) {
            throw usage("--transport must be udp or tcp, not '" + transport + "'");
        }
        boolean sdp = Viewer.isSdpFile(source);
        if (!sdp && !source.toLowerCase(Locale.ROOT).startsWith("rtsp://")) {
            throw usage("'" + RtspUrl.redacted(source) + "' is neither an rtsp:// URL nor an .sdp file");
        }
        if (sdp && t.equals("tcp")) {
            throw usage("--transport tcp needs an rtsp:// URL (an SDP file is RTP over UDP)");
        }
        if (!sdp) {
            try {
                java.net.URI u = java.net.URI.create(source);
                if (u.getHost() == null) {
                    throw usage("'" + RtspUrl.redacted(source) + "' has no host (a password with @, : or / in it is written %40, %3A, %2F)");
                }
            } catch (IllegalArgumentException e) {
                throw usage("'" + RtspUrl.redacted(source) + "' is not a valid URL");
            }
        }
        if (latencyMs < 0 || latencyMs > 10_000) {
            throw usage("--latency " + latencyMs + " is outside 0..10000 ms");
        }
        if (timeout != null && !(timeout >= 0.1 && timeout <= 3600)) {
            throw usage("--timeout " + RunOptions.number(timeout) + " is outside 0.1..3600 seconds");
        }
        if (timeout != null && sdp) {
            throw usage("--timeout is for rtsp:// URLs (an SDP file's stream is not connected to)");
        }
        String audio = audioOut != null ? audioOut : headless ? ViewerConfig.NO_AUDIO_OUT : "default";
        if (audio.isBlank()) {
            throw usage("--audio-out needs default, none or a device name");
        }
        SyncMode syncMode;
        try {
            syncMode = SyncMode.parse(sync);
        } catch (IllegalArgumentException e) {
            throw usage("--sync must be audio, video or off, not '" + sync + "'");
        }
        if (segment != null && record == null) {
            throw usage("--segment needs --record PATH");
        }
        if (segment != null && !(segment >= 1 && segment <= 86_400)) {
            throw usage("--segment " + RunOptions.number(segment) + " is outside 1..86400 seconds");
        }
        if (record != null) {
            try {
                RecordingPaths.of(record, segment != null, java.time.Clock.systemDefaultZone());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        return new ViewerConfig(source, t.equals("tcp"), headless, verifyPattern, latencyMs, run.duration,
                run.statsJson, run.quiet, audio, record, segment == null ? 0 : segment, syncMode,
                timeout == null ? ViewerConfig.DEFAULT_CONNECT_TIMEOUT_SECONDS : timeout, exitOnEnd);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        ViewerConfig config = config();
        FfmpegLog.inBackground(); // beside the RTSP handshake; the decoders wait for it
        if (headless) {
            return watch(Viewer.start(config, System.out, null), null);
        }
        VideoWindow window;
        // the audio clock and the recorder exist once the viewer has started
        DeferredClock clock = new DeferredClock();
        DeferredRecordingControl recording = new DeferredRecordingControl(RecordingControl.unavailable(System.out));
        try {
            window = VideoWindow.create("glasscast \u2014 " + RtspUrl.redacted(source), !noVsync, clock,
                    config.sync(), recording);
        } catch (WindowException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        try {
            // the RTSP handshake runs beside the window's OpenGL set-up (100-200 ms on a software renderer)
            FutureTask<Viewer> starting = new FutureTask<>(() -> Viewer.start(config, System.out, window.frames()));
            Thread connect = new Thread(starting, "gc-connect");
            connect.setDaemon(true);
            connect.start();
            try {
                window.setUpGl();
            } catch (WindowException e) {
                try {
                    started(starting).close();
                } catch (Exception ignored) {
                    // the window's failure is the one to report
                }
                System.err.println(e.getMessage());
                return 1;
            }
            Viewer viewer = started(starting);
            clock.set(viewer.presentationClock());
            recording.set(viewer.recording());
            return watch(viewer, window);
        } finally {
            window.close();
        }
    }

    /** The viewer {@code starting} started, or what kept it from starting (one-line IOExceptions and the like). */
    private static Viewer started(FutureTask<Viewer> starting) throws Exception {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    /**
     * Runs until the stream ends, --duration, Ctrl-C, or (with a window) the user quits; the exit
     * code. Why it ended is said last, after the viewer's clean-up has said what it closed (the
     * recording's stop line).
     */
    private static int watch(Viewer viewer, VideoWindow window) throws InterruptedException {
        Lifecycle lifecycle = Lifecycle.onInterrupt(viewer);
        try {
            if (window != null) {
                window.run(viewer.stats(), () -> viewer.endReason() != null);
            } else {
                viewer.awaitEnd();
            }
        } finally {
            viewer.close();
            lifecycle.close();
        }
        if (viewer.failed()) {
            System.err.println("glasscast: " + viewer.endReason());
            return 1;
        }
        if (!"done".equals(viewer.endReason()) && viewer.endReason() != null) {
            System.out.println("view: " + viewer.endReason());
        }
        return 0;
    }
}
