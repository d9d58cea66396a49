package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.glasscast.bench.AvMeter;
import org.glasscast.bench.PulseAudio;
import org.glasscast.protocol.stats.JsonReader;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.sender.source.screen.Xvfb;
import org.glasscast.viewer.stats.FrameLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer as a user runs it: {@code glasscast view URL} with no options, so a window (on a
 * private Xvfb, Mesa's software OpenGL), vsync on and the sound playing (into a private PulseAudio
 * daemon's null sink, or OpenAL Soft's wave writer), watching the test pattern with its tone.
 * Every frame the sender sent must reach the screen: the burned-in index of each picture put on
 * screen is read from its pixels as it is swapped (the display log), and the distinct indices are
 * counted against the span the sender sent. With PulseAudio, the screen and the sink are also
 * recorded from outside the viewer ({@link AvMeter}: ffmpeg's x11grab and the sink's monitor,
 * wall-clock stamped): each second's flash and beep must be within ATSC IS-191's window, the
 * sound at most 45 ms behind the picture and at most 15 ms ahead of it.
 */
class WindowSoundIT {
    /** Seconds of warm-up left out of the count (JVM, the sound server's new stream). */
    private static final long WARMUP_MICROS = 3_000_000;

    @TempDir
    Path dir;

    @Test
    void everyFrameAt30FpsReachesTheScreenWithItsSoundInStepOnPulseAudio() throws Exception {
        try (PulseAudio pulse = PulseAudio.start()) {
            Run run = watch(1280, 720, 30, 26, pulse.environment(), pulse);
            run.assertShown(0.99);
            List<AvMeter.Second> pairs = run.outside.pairs();
            List<Double> offsets = pairs.stream().map(AvMeter.Second::avOffsetMillis).toList();
            System.out.printf(Locale.ROOT, "outside: %d beep/flash pairs, A/V (ms, sound later positive) %s,"
                            + " capture -> heard p50 %.1f ms, capture -> on screen p50 %.1f ms%n", pairs.size(),
                    offsets.stream().map(o -> String.format(Locale.ROOT, "%.1f", o)).toList(),
                    run.outside.heardLatencyMillis(50), run.outside.pictureLatencyMillis(50));
            assertThat(pairs).as("beep/flash pairs recorded from outside the viewer").hasSizeGreaterThanOrEqualTo(20);
            assertThat(offsets).as("sound minus picture per second, ms").allMatch(o -> o >= -15 && o <= 45);
        }
    }

    @Test
    void everyFrameAt30FpsReachesTheScreenWithOpenAlSoftsWaveWriter() throws Exception {
        Path wav = dir.resolve("played.wav");
        Run run = watch(1280, 720, 30, 22, AudioPlaybackIT.waveWriter(dir, wav), null);
        run.assertShown(0.99);
        assertThat(Files.size(wav)).as("the sound written by the wave writer").isGreaterThan(15L * 48_000 * 4);
    }

    @Test
    void everyFrameAt60FpsReachesTheScreenWithItsSound() throws Exception {
        try (PulseAudio pulse = PulseAudio.start()) {
            watch(640, 360, 60, 22, pulse.environment(), null).assertShown(0.98);
        }
    }

    /** What one run showed: the display log's rows in the measured span, the sender's drops, the viewer's stats. */
    private record Run(List<long[]> shown, long senderDropped, Object viewerJson, AvMeter.Result outside,
                       String label) {
        /** Distinct burned-in indices on screen, at least {@code share} of the frames sent in their span. */
        void assertShown(double share) {
            TreeSet<Long> indices = new TreeSet<>();
            long unreadable = 0;
            for (long[] row : shown) {
                if (row[0] >= 0) {
                    indices.add(row[0]);
                } else {
                    unreadable++;
                }
            }
            assertThat(indices).as("%s: frames on screen", label).hasSizeGreaterThan(100);
            long span = indices.last() - indices.first() + 1;
            long sent = span - senderDropped; // a frame the sender dropped (and counted) has no index on the wire
            long passedOver = ((Number) JsonReader.at(viewerJson, "frames.dropped")).longValue();
            System.out.printf(Locale.ROOT, "%s: %d distinct indices on screen of %d sent (%d..%d, sender dropped %d),"
                            + " %d unreadable, viewer passed over %d; display p50 %s ms, heard p50 %s ms, A/V %s ms%n",
                    label, indices.size(), sent, indices.first(), indices.last(), senderDropped, unreadable, passedOver,
                    JsonReader.at(viewerJson, "display_latency_ms.p50"),
                    JsonReader.at(viewerJson, "audio.heard_latency_ms.p50"),
                    JsonReader.at(viewerJson, "audio.av_offset_ms"));
            assertThat(unreadable).as("%s: pictures whose code could not be read", label).isZero();
            assertThat((double) indices.size()).as("%s: distinct frames on screen of %d sent", label, sent)
                    .isGreaterThanOrEqualTo(share * sent);
            assertThat(JsonReader.at(viewerJson, "audio.heard_latency_ms.p50")).as("%s: the sound played", label)
                    .isInstanceOf(Number.class);
        }
    }

    /**
     * Streams the test pattern and tone at {@code width x height @ fps} to {@code glasscast view URL}
     * (nothing else: the defaults) for {@code seconds}, on a screen of its own.
     */
    private Run watch(int width, int height, int fps, int seconds, Map<String, String> soundEnv, PulseAudio meterOn)
            throws Exception {
        String label = width + "x" + height + "@" + fps + (meterOn != null ? " PulseAudio" : soundEnv.containsKey(
                "ALSOFT_CONF") ? " wave writer" : " PulseAudio");
        Path displayLog = dir.resolve("display-" + fps + ".csv");
        Path stats = dir.resolve("view-" + fps + ".json");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        // the window takes the picture's size within 90 % of the screen: a screen that shows it 1:1
        try (Xvfb x = Xvfb.start((int) Math.ceil(width / 0.9) + 16 & ~1, (int) Math.ceil(height / 0.9) + 16 & ~1);
             Sender sender = Sender.start(SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0))
                     .withSize(width, height).withFps(fps).withAudio("test"), quiet)) {
            Map<String, String> env = new HashMap<>(soundEnv);
            env.put("DISPLAY", x.display());
            AvMeter meter = null;
            AvMeter.Result outside = null;
            try (Proc view = Proc.glasscastWithEnv(dir, "view-" + fps, env,
                    List.of("-D" + FrameLog.DISPLAYED + "=" + displayLog),
                    "view", "rtsp://127.0.0.1:" + sender.rtspPort() + "/live", "--quiet", "--stats-json",
                    stats.toString(), "--duration", Integer.toString(seconds))) {
                if (meterOn != null) {
                    meter = AvMeter.start(x.display(), AvMeter.Region.flashArea(0, 0, width, height), meterOn, dir);
                }
                assertThat(view.waitFor(seconds + 60L)).as("%s: view's exit; stderr:%n%s", label, view.err()).isZero();
                if (meter != null) {
                    outside = meter.stop(AvMeter.flashCaptures(displayLog));
                }
            } finally {
                if (meter != null) {
                    meter.close();
                }
            }
            List<long[]> rows = rows(displayLog);
            assertThat(rows).as("%s: the display log", label).isNotEmpty();
            long from = rows.get(0)[2] + WARMUP_MICROS;
            List<long[]> measured = rows.stream().filter(r -> r[2] >= from).toList();
            if (outside != null) {
                outside = outside.between(from, rows.get(rows.size() - 1)[2]);
            }
            long dropped = sender.stats().framesDroppedSlow.sum() + sender.stats().framesDroppedBacklog.sum();
            return new Run(measured, dropped, JsonReader.parse(Files.readString(stats)), outside, label);
        }
    }

    /** A frame log's rows ({@link FrameLog}): {index, capture µs, logged µs}; also SenderRestartIT's. */
    static List<long[]> rows(Path csv) throws IOException {
        List<long[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f.length == 3 && !f[0].startsWith("index")) {
                rows.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return rows;
    }
}
