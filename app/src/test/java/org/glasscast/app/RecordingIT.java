package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.glasscast.protocol.stats.JsonReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glasscast view --record} as a user checks it, with Debian's ffprobe and ffmpeg: what the
 * file holds, what its frames say (the burned-in code), that its clock is the capture clock, that
 * sound and picture line up, that segments join without a gap, and that a killed viewer leaves a
 * file that plays.
 */
class RecordingIT {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final double FRAME_SECONDS = 1 / 30.0;

    @TempDir
    static Path dir;
    static Proc sender;
    static String url;

    @BeforeAll
    static void startSender() throws Exception {
        int port = Proc.freePort();
        sender = Proc.glasscast(dir, "sender", "send", "--size", WIDTH + "x" + HEIGHT, "--listen",
                "127.0.0.1:" + port, "--quiet");
        sender.awaitOutput("send: serving", 60);
        url = "rtsp://127.0.0.1:" + port + "/live";
    }

    @AfterAll
    static void stopSender() throws Exception {
        if (sender != null) {
            sender.stop(30);
            sender.close();
        }
    }

    @Test
    void oneFileHoldsEveryReceivedFrameAtItsCaptureTimeWithTheSoundInSync() throws Exception {
        Path file = dir.resolve("show.mkv");
        Path stats = dir.resolve("show.json");
        try (Proc view = Proc.glasscast(dir, "view-show", "view", url, "--headless", "--transport", "tcp",
                "--verify-pattern", "--record", file.toString(), "--duration", "8", "--stats-json", stats.toString(), "--quiet")) {
            assertThat(view.waitFor(60)).as(view.err()).isZero();
            assertThat(view.out()).contains("view: recording to " + file);
            // --duration's end says what was kept: the file, how long it plays, how big it is (whole kB or 0.1 MB)
            long size = Files.size(file);
            String sizeText = size < 1_000_000 ? Math.round(size / 1e3) + " kB"
                    : String.format(java.util.Locale.ROOT, "%.1f MB", size / 1e6);
            assertThat(view.out()).containsPattern(java.util.regex.Pattern.quote("view: recording stopped: " + file + ", ")
                    + "\\d\\.\\d s, " + java.util.regex.Pattern.quote(sizeText) + "\n");
            String seconds = view.out().replaceFirst("(?s).*view: recording stopped: [^\n]*, (\\d+\\.\\d) s, .*", "$1");
            assertThat(Double.parseDouble(seconds)).as("the duration it says vs ffprobe's")
                    .isCloseTo(duration(file), org.assertj.core.data.Offset.offset(0.051));
        }
        Object json = JsonReader.parse(Files.readString(stats));
        assertThat(RecordedFile.codecs(dir, file)).containsExactly("h264", "opus");

        // every frame the viewer received is in the file, once, in order
        List<RecordedFile.Packet> packets = RecordedFile.packets(dir, file);
        List<Double> pts = RecordedFile.videoPts(packets, 0);
        long received = ((Number) JsonReader.at(json, "frames.received")).longValue();
        assertThat(pts).hasSize((int) received);
        assertThat(((Number) JsonReader.at(json, "record.frames")).longValue()).isEqualTo(received);
        assertThat(JsonReader.at(json, "record.path")).isEqualTo(file.toString());
        assertThat(((Number) JsonReader.at(json, "record.bytes")).longValue()).isEqualTo(Files.size(file));
        assertThat(packets.get(0).keyframe()).as("starts at a keyframe").isTrue();
        List<RecordedFile.Frame> frames = RecordedFile.frames(dir, file, WIDTH, HEIGHT);
        List<Long> indices = frames.stream().map(RecordedFile.Frame::index).toList();
        assertThat(indices).hasSize(pts.size());
        assertSameFramesAsTheViewer(indices, json);

        // the file's clock is the capture clock: each frame at its capture time after the first (to
        // Matroska's millisecond; frames captured in a burst under load may be a tick apart)
        long first = frames.get(0).captureMicros();
        for (int i = 0; i < frames.size(); i++) {
            assertThat(pts.get(i)).as("frame %d", i)
                    .isCloseTo((frames.get(i).captureMicros() - first) / 1e6, org.assertj.core.data.Offset.offset(0.0021));
        }
        double span = (frames.get(frames.size() - 1).captureMicros() - first) / 1e6;
        double frameInterval = span / (frames.size() - 1);
        assertThat(duration(file)).as("file duration vs capture span %.3f s", span)
                .isBetween(span, span + frameInterval + 0.0015); // the last frame lasts one interval

        assertTenMillisecondAudio(file, packets);

        List<String> offsets = assertBeepsOnFlashes(file, frames, pts, 5);
        System.out.printf(java.util.Locale.ROOT, "recording: %d frames, duration %.3f s for a capture span of %.3f s;"
                + " beep - flash (ms): %s%n", frames.size(), duration(file), span, offsets);
    }

    /**
     * A recording of ~17 s in 5 s segments, as Matroska in a directory and as MP4 by a pattern (two
     * viewers of one stream at once): each file starts at 0 with its first picture's capture time in
     * its capture_start tag, the files hold every frame once and go on where the one before
     * stopped, and {@code ffmpeg -f concat -safe 0 -i list.txt -c copy} joins them into one file as
     * long as the recording, every frame at its capture time.
     */
    @Test
    void segmentsHoldEveryFrameOnceAndJoinWithFfmpegConcat() throws Exception {
        Path mkv = dir.resolve("clips");
        Path mp4 = dir.resolve("mp4-clips");
        Files.createDirectories(mp4);
        try (Proc a = Proc.glasscast(dir, "view-segments-mkv", "view", url, "--headless", "--transport", "tcp",
                "--verify-pattern", "--record", mkv + "/", "--segment", "5", "--duration", "17",
                "--stats-json", dir.resolve("clips-mkv.json").toString(), "--quiet");
             Proc b = Proc.glasscast(dir, "view-segments-mp4", "view", url, "--headless", "--transport", "tcp",
                "--verify-pattern", "--record", mp4.resolve("clip-%03d.mp4").toString(), "--segment", "5",
                "--duration", "17", "--stats-json", dir.resolve("clips-mp4.json").toString(), "--quiet")) {
            assertThat(a.waitFor(90)).as(a.err()).isZero();
            assertThat(b.waitFor(90)).as(b.err()).isZero();
            String folder = java.util.regex.Pattern.quote(mkv + "/glasscast-");
            assertThat(a.out()).as("the line at the end").containsPattern("view: recording stopped: " + folder
                    + "\\S+-000\\.mkv to " + folder + "\\S+\\.mkv \\(\\d files\\), 1\\d\\.\\d s, \\d+(\\.\\d)? [kM]B\n");
        }
        assertSegmentsJoin(mkv, "glasscast-\\d{8}-\\d{6}-\\d{3}\\.mkv", dir.resolve("clips-mkv.json"));
        assertSegmentsJoin(mp4, "clip-\\d{3}\\.mp4", dir.resolve("clips-mp4.json"));
    }

    private static void assertSegmentsJoin(Path folder, String names, Path stats) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.sorted().toList();
        }
        assertThat(files).as("~16.5 s in 5 s segments").hasSizeBetween(3, 5)
                .allSatisfy(f -> assertThat(f.getFileName().toString()).matches(names));
        List<Long> indices = new ArrayList<>();
        List<Long> captures = new ArrayList<>();
        double sumOfDurations = 0;
        long firstStart = 0;
        double lastVideo = Double.NaN;
        double lastAudio = Double.NaN;
        long lastCapture = -1;
        long lastStart = 0;
        double lastDuration = 0;
        for (Path f : files) {
            assertThat(RecordedFile.codecs(dir, f)).as(f.toString()).containsExactly("h264", "opus");
            List<RecordedFile.Packet> packets = RecordedFile.packets(dir, f);
            assertThat(packets.stream().filter(p -> p.stream() == 0).findFirst().orElseThrow().keyframe())
                    .as("%s starts with a keyframe", f).isTrue();
            List<Double> pts = RecordedFile.videoPts(packets, 0);
            List<Double> audio = RecordedFile.videoPts(packets, 1);
            assertThat(pts.get(0)).as("%s: its first picture at 0", f).isZero();
            assertThat(audio.get(0)).as("%s: sound from its first picture on", f).isBetween(0.0, 0.0101);
            List<RecordedFile.Frame> frames = RecordedFile.frames(dir, f, WIDTH, HEIGHT);
            assertThat(frames).hasSize(pts.size());
            long start = RecordedFile.captureStartMicros(dir, f);
            double duration = RecordedFile.duration(dir, f);
            if (lastCapture < 0) {
                firstStart = start;
                // our sender's capture times (abs-capture-time) place the recording: the tag is the burned-in time
                assertThat(start - frames.get(0).captureMicros()).as("%s: capture_start - first frame's capture (µs)", f)
                        .isBetween(-1000L, 1000L);
            } else {
                // the next file starts where the last one ended: its duration is what ffmpeg -f concat adds up
                // (Matroska: to its 1 ms ticks, and it counts the last sound packet ~3 ms long, its Opus codec delay)
                assertThat(lastDuration).as("%s: duration of the file before vs the next capture_start", f)
                        .isCloseTo((start - lastStart) / 1e6, org.assertj.core.data.Offset.offset(0.0035));
                // ...one frame interval after its last picture and one 10 ms packet after its last sound,
                // on the capture clock (capture_start + the time in the file)
                double gap = (start - lastStart) / 1e6 + pts.get(0) - lastVideo;
                assertThat(gap).as("%s: video gap", f)
                        .isCloseTo((frames.get(0).captureMicros() - lastCapture) / 1e6,
                                org.assertj.core.data.Offset.offset(0.0021))
                        .isBetween(0.0, 3 * FRAME_SECONDS);
                assertThat((start - lastStart) / 1e6 + audio.get(0) - lastAudio).as("%s: audio gap (one 10 ms packet)", f)
                        .isCloseTo(0.010, org.assertj.core.data.Offset.offset(0.0011));
            }
            frames.forEach(fr -> {
                indices.add(fr.index());
                captures.add(fr.captureMicros());
            });
            sumOfDurations += duration;
            lastVideo = pts.get(pts.size() - 1);
            lastAudio = audio.get(audio.size() - 1);
            lastCapture = frames.get(frames.size() - 1).captureMicros();
            lastStart = start;
            lastDuration = duration;
        }
        assertThat(indices.size()).as("frames over all files").isGreaterThan(14 * 30);
        assertSameFramesAsTheViewer(indices, JsonReader.parse(Files.readString(stats)));

        // joined as the README says, by Debian's ffmpeg
        String extension = files.get(0).toString().substring(files.get(0).toString().lastIndexOf('.'));
        Path list = folder.resolve("list.txt");
        Files.write(list, files.stream().map(f -> "file '" + f + "'").toList());
        Path joined = dir.resolve("joined-" + folder.getFileName() + extension);
        try (Proc concat = Proc.start(dir, "concat-" + folder.getFileName(), List.of("ffmpeg", "-nostdin", "-v", "error",
                "-f", "concat", "-safe", "0", "-i", list.toString(), "-c", "copy", joined.toString()))) {
            assertThat(concat.waitFor(60)).as(concat.err()).isZero();
        }
        double span = (captures.get(captures.size() - 1) - captures.get(0)) / 1e6;
        double frameInterval = span / (captures.size() - 1);
        double recorded = (lastStart - firstStart) / 1e6 + lastDuration;
        double joinedDuration = RecordedFile.duration(dir, joined);
        System.out.printf(java.util.Locale.ROOT, "segments: %d %s files, %.3f s in all, from %s to %s; joined %.3f s;"
                + " capture span + one frame %.3f s%n", files.size(), extension, sumOfDurations,
                Instant.ofEpochSecond(0, firstStart * 1000), Instant.ofEpochSecond(0, lastStart * 1000), joinedDuration,
                span + frameInterval);
        assertThat(joinedDuration).as("%s: joined vs the sum of the files' durations", joined)
                .isCloseTo(sumOfDurations, org.assertj.core.data.Offset.offset(frameInterval))
                .isCloseTo(recorded, org.assertj.core.data.Offset.offset(frameInterval))
                .isCloseTo(span + frameInterval, org.assertj.core.data.Offset.offset(frameInterval));

        // every frame once, each at its capture time: no timestamp jumps at the joins
        List<RecordedFile.Packet> packets = RecordedFile.packets(dir, joined);
        List<Double> pts = RecordedFile.videoPts(packets, 0);
        List<RecordedFile.Frame> frames = RecordedFile.frames(dir, joined, WIDTH, HEIGHT);
        assertThat(frames.stream().map(RecordedFile.Frame::index).toList()).as("%s: frames", joined).isEqualTo(indices);
        assertThat(pts).hasSize(frames.size());
        double worstFrame = 0;
        for (int i = 0; i < frames.size(); i++) {
            double off = pts.get(i) - pts.get(0) - (captures.get(i) - captures.get(0)) / 1e6;
            assertThat(off).as("%s: frame %d vs its capture time", joined, i).isBetween(-0.010, 0.010);
            worstFrame = Math.max(worstFrame, Math.abs(off));
        }
        List<Double> audio = RecordedFile.videoPts(packets, 1);
        double widest = 0;
        for (int i = 1; i < audio.size(); i++) {
            assertThat(audio.get(i) - audio.get(i - 1)).as("%s: sound packet %d after %d", joined, i, i - 1)
                    .isCloseTo(0.010, org.assertj.core.data.Offset.offset(0.0045));
            widest = Math.max(widest, Math.abs(audio.get(i) - audio.get(i - 1) - 0.010));
        }
        System.out.printf(java.util.Locale.ROOT, "segments joined: every frame within %.1f ms of its capture time,"
                + " sound packets 10 ms apart give or take %.1f ms%n", worstFrame * 1000, widest * 1000);
    }

    /**
     * The recording holds each frame the viewer decoded, once, in order: a sender that dropped a
     * frame under load leaves the same gap in both, so this holds whatever the machine's load.
     */
    private static void assertSameFramesAsTheViewer(List<Long> indices, Object json) {
        assertThat(indices).as("no unreadable frame").doesNotContain(-1L);
        for (int i = 1; i < indices.size(); i++) {
            assertThat(indices.get(i)).as("frame %d after %d", i, indices.get(i - 1)).isGreaterThan(indices.get(i - 1));
        }
        assertThat(indices.get(0)).isEqualTo(((Number) JsonReader.at(json, "pattern.first")).longValue());
        assertThat(indices.get(indices.size() - 1)).isEqualTo(((Number) JsonReader.at(json, "pattern.last")).longValue());
        assertThat((long) indices.size()).isEqualTo(((Number) JsonReader.at(json, "pattern.checked")).longValue());
    }

    @Test
    void aKilledViewerLeavesMatroskaAndFragmentedMp4ThatPlayToWithinASecond() throws Exception {
        Path mkv = dir.resolve("killed.mkv");
        Path mp4 = dir.resolve("killed.mp4");
        try (Proc a = Proc.glasscast(dir, "view-kill-mkv", "view", url, "--headless", "--transport", "tcp",
                "--record", mkv.toString());
             Proc b = Proc.glasscast(dir, "view-kill-mp4", "view", url, "--headless", "--transport", "tcp",
                "--record", mp4.toString())) {
            a.awaitOutput(" rec=", 60);
            b.awaitOutput(" rec=", 60);
            Thread.sleep(4000);
            long killedMicros = System.currentTimeMillis() * 1000;
            a.process.destroyForcibly(); // SIGKILL: no shutdown hook, no trailer
            b.process.destroyForcibly();
            a.waitFor(30);
            b.waitFor(30);
            for (Path f : List.of(mkv, mp4)) {
                assertThat(RecordedFile.codecs(dir, f)).as(f.toString()).containsExactly("h264", "opus");
                List<RecordedFile.Frame> frames = RecordedFile.frames(dir, f, WIDTH, HEIGHT);
                assertThat(frames).as("%s: every frame in the file decodes", f)
                        .hasSize(RecordedFile.videoPts(RecordedFile.packets(dir, f), 0).size())
                        .noneMatch(fr -> fr.index() < 0);
                assertTenMillisecondAudio(f, RecordedFile.packets(dir, f));
                long lastCapture = frames.get(frames.size() - 1).captureMicros();
                assertThat(killedMicros - lastCapture).as("%s: last frame before the kill (µs)", f)
                        .isLessThanOrEqualTo(1_000_000L);
                List<String> offsets = assertBeepsOnFlashes(f, frames,
                        RecordedFile.videoPts(RecordedFile.packets(dir, f), 0), 2);
                System.out.printf(java.util.Locale.ROOT, "recording: %s killed, it plays to %.0f ms before the kill;"
                        + " beep - flash (ms): %s%n", f.getFileName(), (killedMicros - lastCapture) / 1000.0, offsets);
            }
        }
    }

    @Test
    void anUnwritablePathOrAFullDiskIsOneLineAndTheStreamGoesOn() throws Exception {
        Path full = dir.resolve("full.mkv");
        Files.createSymbolicLink(full, Path.of("/dev/full")); // writes fail with ENOSPC
        String denied = "/sys/glasscast-recording-test.mkv"; // not writable, even by root
        String[][] cases = {{denied, "Permission denied"}, {full.toString(), "No space left on device"}};
        List<Proc> views = new ArrayList<>();
        try {
            for (int i = 0; i < cases.length; i++) {
                views.add(Proc.glasscast(dir, "view-bad-" + i, "view", url, "--headless", "--transport", "tcp",
                        "--verify-pattern",
                        "--record", cases[i][0], "--duration", "5", "--stats-json", dir.resolve("bad-" + i + ".json").toString()));
            }
            for (int i = 0; i < cases.length; i++) {
                Proc v = views.get(i);
                assertThat(v.waitFor(60)).as(v.err()).isZero();
                assertThat(v.out().lines().filter(l -> l.startsWith("view: cannot record")).toList())
                        .containsExactly("view: cannot record to " + cases[i][0] + ": " + cases[i][1]);
                assertThat(v.err()).doesNotContain("\tat ").doesNotContain("Exception");
                Object json = JsonReader.parse(Files.readString(dir.resolve("bad-" + i + ".json")));
                assertThat(((Number) JsonReader.at(json, "pattern.checked")).longValue()).as("still playing")
                        .isGreaterThan(30);
            }
        } finally {
            views.forEach(Proc::close);
        }
    }

    @Test
    void badRecordOptionsAreUsageErrors() throws Exception {
        String[][] cases = {
            {"--record", "x.mkv", "--segment", "0"},
            {"--record", "x.mkv", "--segment", "-5"},
            {"--record", "x.mkv", "--segment", "abc"},
            {"--segment", "5"},
            {"--record", "x.avi"},
            {"--record", "clip-%d-%d.mkv", "--segment", "5"},
        };
        String[] expected = {
            "glasscast: --segment 0 is outside 1..86400 seconds",
            "glasscast: --segment -5 is outside 1..86400 seconds",
            "glasscast: Invalid value for option '--segment': 'abc' is not a double",
            "glasscast: --segment needs --record PATH",
            "glasscast: --record 'x.avi': the file name must end in .mkv or .mp4",
            "glasscast: --record 'clip-%d-%d.mkv': a file name pattern takes one %d",
        };
        List<Proc> runs = new ArrayList<>();
        try {
            for (int i = 0; i < cases.length; i++) {
                List<String> args = new ArrayList<>(List.of("view", "rtsp://127.0.0.1:1/live", "--headless"));
                args.addAll(List.of(cases[i]));
                runs.add(Proc.glasscast(dir, "usage-" + i, args.toArray(String[]::new)));
            }
            for (int i = 0; i < cases.length; i++) {
                Proc p = runs.get(i);
                assertThat(p.waitFor(60)).as(p.err()).isEqualTo(2);
                assertThat(p.err()).startsWith(expected[i]).contains("Usage: glasscast view");
            }
        } finally {
            runs.forEach(Proc::close);
        }
    }

    /**
     * Each white flash (the first frame of a second) and its beep (on the second) line up within
     * 20 ms: the beep is found in the decoded sound, the second from the flash frame's timestamp
     * less how far into its second it was captured.
     *
     * @return the offsets (ms), for the log
     */
    private static List<String> assertBeepsOnFlashes(Path file, List<RecordedFile.Frame> frames, List<Double> pts,
                                                     int atLeast) throws Exception {
        List<Double> beeps = RecordedFile.beepOnsets(RecordedFile.audio(dir, file));
        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (!frames.get(i).flash()) {
                continue;
            }
            double second = pts.get(i) - Math.floorMod(frames.get(i).captureMicros(), 1_000_000L) / 1e6;
            if (second < 0.025) {
                continue; // the recording began after that second's beep (sound starts within one packet)
            }
            double nearest = beeps.stream().min((a, b) -> Double.compare(Math.abs(a - second), Math.abs(b - second)))
                    .orElseThrow();
            assertThat(nearest - second).as("%s: beep vs flash at %.3f s (beeps %s)", file, second, beeps)
                    .isBetween(-0.020, 0.020);
            offsets.add(String.format(java.util.Locale.ROOT, "%+.1f", (nearest - second) * 1000));
        }
        assertThat(offsets).as("%s: flashes", file).hasSizeGreaterThanOrEqualTo(atLeast);
        return offsets;
    }

    /**
     * Our sender's 10 ms Opus packets as a player sees them in the file: each decodes to 480
     * samples (the first less the pre-skip), and each starts 10 ms after the one before (give or
     * take the 1 ms a packet by which the recorder steers the track toward the capture clock).
     */
    private static void assertTenMillisecondAudio(Path file, List<RecordedFile.Packet> packets) throws Exception {
        List<Integer> samples = RecordedFile.audioFrameSamples(dir, file);
        assertThat(samples).as("%s: decoded audio frames", file).hasSizeGreaterThan(100);
        assertThat(samples.get(0)).as("%s: first frame, less the pre-skip", file).isBetween(1, 480);
        assertThat(samples.subList(1, samples.size())).as("%s: samples per decoded packet", file).containsOnly(480);
        List<Double> audio = RecordedFile.videoPts(packets, 1);
        assertThat(audio).as("%s: audio packets", file).hasSize(samples.size());
        for (int i = 1; i < audio.size(); i++) {
            assertThat(audio.get(i) - audio.get(i - 1)).as("%s: audio packet %d after %d", file, i, i - 1)
                    .isCloseTo(0.010, org.assertj.core.data.Offset.offset(0.0011));
        }
    }

    private static double duration(Path file) throws Exception {
        try (Proc p = Proc.start(dir, "duration", List.of("ffprobe", "-v", "error", "-show_entries",
                "format=duration", "-of", "csv=p=0", file.toString()))) {
            assertThat(p.waitFor(60)).isZero();
            return Double.parseDouble(p.out().strip());
        }
    }
}
