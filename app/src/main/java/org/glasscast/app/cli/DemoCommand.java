package org.glasscast.app.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.glasscast.viewer.present.DeferredClock;
import org.glasscast.viewer.stats.ViewerStats;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.window.VideoWindow;
import org.glasscast.viewer.window.WindowException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code glasscast demo}: a test-pattern sender and a checking viewer on loopback, in a window
 * unless --headless, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Sender (test pattern + tone) and viewer on this machine over RTSP/RTP, with a summary.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--headless", description = "no window: the summary only")
    boolean headless;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10",
            description = "stop after S seconds (default ${DEFAULT-VALUE}; 0: until Ctrl-C)")
    double duration;

    @Option(names = "--verbose", description = "FFmpeg's own log and glasscast's debug lines on standard error")
    boolean verbose;

    @Option(names = "--transport", paramLabel = "udp|tcp", defaultValue = "udp", description = "default ${DEFAULT-VALUE}")
    String transport;

    /** The window presents against the viewer's audio clock, which exists once the viewer has started. */
    private final DeferredClock clock = new DeferredClock();

    @Override
    public Integer call() throws Exception {
        RunOptions.checkDuration(spec, duration);
        boolean tcp = "tcp".equalsIgnoreCase(transport);
        if (!tcp && !"udp".equalsIgnoreCase(transport)) {
            throw new ParameterException(spec.commandLine(), "--transport must be udp or tcp");
        }
        FfmpegLog.inBackground(); // beside opening the window; the encoders and decoders wait for it
        PrintStream out = System.out;
        VideoWindow window = null;
        if (!headless) {
            try {
                window = VideoWindow.open("glasscast \u2014 demo", true, clock,
                        RecordingControl.unavailable(out));
            } catch (WindowException e) {
                // a demo should just run: without a window it still shows the summary
                out.println(e.getMessage().replaceFirst("^view:", "demo:").replace("; use --headless", "; running headless"));
            }
        }
        try {
            return run(out, tcp, window);
        } finally {
            if (window != null) {
                window.close(); // after the viewer: no frame arrives any more
            }
        }
    }

    private int run(PrintStream out, boolean tcp, VideoWindow window) throws Exception {
        SenderConfig sc = SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0));
        try (Sender sender = Sender.start(sc, out)) {
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            out.println("demo: sender serving " + url + " (1280x720 @ 30 fps H.264 + Opus test tone); viewer over "
                    + (tcp ? "TCP" : "UDP") + (duration > 0 ? " for " + RunOptions.seconds(duration) : " until Ctrl-C"));
            long started = System.nanoTime();
            // with the window the tone is heard too, and the picture follows it
            ViewerConfig vc = new ViewerConfig(url, tcp, window == null, true, 50, duration, null, false,
                    window == null ? ViewerConfig.NO_AUDIO_OUT : "default");
            Viewer viewer = Viewer.start(vc, out, window == null ? null : window.frames());
            clock.set(viewer.presentationClock());
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
            long sent = sender.stats().framesSent.sum();
            summary(out, viewer.stats(), sent);
            if (window != null) {
                shown(out, viewer.stats(), (System.nanoTime() - started) / 1e9);
            }
            // a frame index may be missing only where the sender dropped that frame and counted it (its
            // encoder behind on a cold JIT): anything lost on the way or in the viewer is a failure
            long senderDropped = sender.framesDropped();
            if (senderDropped > 0) {
                out.printf(Locale.ROOT, "  sender   dropped %d frames (its encoder fell behind)%n", senderDropped);
            }
            boolean clean = viewer.stats().patternGaps.sum() <= senderDropped && viewer.stats().patternRepeats.sum() == 0
                    && viewer.stats().framesDecoded.sum() > 0 && !viewer.failed();
            return clean ? 0 : 1;
        }
    }

    /** What the window showed and the speakers played: the figures a user sees and hears. */
    static void shown(PrintStream out, ViewerStats s, double seconds) {
        out.printf(Locale.ROOT, "  shown    %d frames on screen (%.1f fps), %d passed over; capture -> on screen p50 %.1f ms, p99 %.1f ms%n",
                s.framesDisplayed.sum(), s.framesDisplayed.sum() / seconds, s.framesDropped.sum(),
                s.displayLatency.percentileMillis(50), s.displayLatency.percentileMillis(99));
        if (s.audioOutputOpen) {
            out.printf(Locale.ROOT, "  sound    capture -> heard p50 %.1f ms, p99 %.1f ms; A/V %+.1f ms (sound behind the picture); %d underruns%n",
                    s.heardLatency.percentileMillis(50), s.heardLatency.percentileMillis(99), s.avOffsetMillis,
                    s.audioUnderruns.sum());
        }
    }

    static void summary(PrintStream out, ViewerStats s, long sent) {
        long decoded = s.framesDecoded.sum();
        out.println("demo: summary");
        out.printf(Locale.ROOT, "  frames   sent %d, received %d, decoded %d, dropped %d%n",
                sent, s.framesReceived.sum(), decoded, s.framesDropped.sum());
        out.printf(Locale.ROOT, "  latency  capture -> decoded, from the burned-in code: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                s.latency.percentileMillis(50), s.latency.percentileMillis(95), s.latency.percentileMillis(99),
                s.latency.maxMillis());
        out.printf(Locale.ROOT, "  pattern  %d frames checked, %d unreadable, %d gaps, %d repeats (indices %d..%d)%n",
                s.patternChecked.sum(), s.patternErrors.sum(), s.patternGaps.sum(), s.patternRepeats.sum(),
                s.firstPatternIndex.get(), s.lastPatternIndex.get());
        out.printf(Locale.ROOT, "  packets  %d received, %d lost, %d late, %d malformed; audio %d packets, %d samples decoded%n",
                s.packetsReceived.sum(), s.packetsLost.sum(), s.packetsLate.sum(), s.packetsMalformed.sum(),
                s.audioPackets.sum(), s.audioSamplesDecoded.sum());
        out.printf(Locale.ROOT, "  decode   %.2f ms per frame%n", decoded == 0 ? 0.0 : s.decodeNanos.sum() / 1e6 / decoded);
    }
}
