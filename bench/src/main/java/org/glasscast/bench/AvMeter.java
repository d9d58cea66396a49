package org.glasscast.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * The A/V meter outside the viewer: Debian's ffmpeg records what a user would see and hear, and
 * the test pattern's marks are found in those recordings. Both recordings carry wall-clock
 * timestamps (µs since the epoch, the clock the sender stamps capture times with):
 * <ul>
 * <li>the picture: {@code ffmpeg -f x11grab} of a small region of the screen where the test
 *     pattern flashes white on the first frame of each whole second of capture time, at
 *     {@value #DEFAULT_GRAB_FPS} grabs a second ({@code -copyts}: x11grab stamps each grab with
 *     the wall clock just before taking it) into {@code screen.nut}. A flash is placed midway
 *     between the last dark grab and the first white one; the gap between those two grabs is
 *     the meter's resolution for that flash (± half of it).</li>
 * <li>the sound: {@code ffmpeg -f pulse -i SINK.monitor} of a {@link PulseAudio} null sink
 *     ({@code -copyts}: FFmpeg's PulseAudio input stamps each packet with the wall clock less the
 *     latency PulseAudio reports for it, which for a monitor counts what the sink has rendered
 *     but not yet played) into {@code sound.nut}. A sample's wall time is its position in the
 *     recording plus the median offset of the packets' timestamps around it; beep onsets are
 *     found to a quarter of a millisecond ({@link BeepOnsets}).</li>
 * </ul>
 * For each whole second S of capture time: heard latency = beep onset − S (the tone's beep
 * starts on the second, to the sample); the flash shows at flash − S. The flash frame is the
 * first one captured in the second, so it was captured up to one frame interval after S: given
 * the capture times of the frames shown ({@link #flashCaptures(Path)}, from the viewer's display
 * log), picture latency = flash − that frame's capture time and the A/V offset = heard latency −
 * picture latency (positive: the sound comes later than the picture it belongs with). Without
 * them the offset is taken against S, which counts the flash frame's capture delay as sound
 * leading.
 *
 * <p>{@code bench meter} calibrates it (known flashes on an X screen and known beeps into the
 * sink) and states its error. Usage from a test:
 * <pre>{@code
 * try (PulseAudio pulse = PulseAudio.start(); Xvfb x = Xvfb.start(728, 416)) { // 640x360 shows 1:1 at 0,0
 *     // ... start glasscast view -Dglasscast.displayLog=LOG with DISPLAY=x.display() and pulse.environment() ...
 *     AvMeter meter = AvMeter.start(x.display(), AvMeter.Region.flashArea(0, 0, 640, 360), pulse, dir);
 *     Thread.sleep(25_000);                 // at least 20 whole seconds
 *     AvMeter.Result r = meter.stop();      // before the window closes
 *     // ... stop the viewer: it writes its display log as it closes ...
 *     r = r.withFlashCaptures(AvMeter.flashCaptures(displayLog));
 *     r.pairs();  r.avOffsetMillis(50);  r.heardLatencyMillis(50);  r.pictureLatencyMillis(50);
 * }
 * }</pre>
 */
public final class AvMeter implements AutoCloseable {
    public static final int DEFAULT_GRAB_FPS = 120;
    /**
     * The sink's monitor is read in 5 ms fragments (s16 stereo at 48 kHz). This also keeps the
     * null sink rendering in 5 ms steps (a monitor's reader asks the sink for its latency): at
     * the 20 ms steps a player's 20 ms buffer gives it, PulseAudio's two accounts of when a
     * sample plays (the player's latency report and the monitor's timestamps) drift apart by
     * up to ~16 ms, an artifact of the null sink's stepwise clock; at 5 ms they agree to ~1 ms,
     * as both do with a sound card's smooth one ({@code bench meter}).
     */
    static final int FRAGMENT_BYTES = BeepOnsets.RATE / 200 * 4;
    /** A flash whose surrounding grabs are further apart than this many grab intervals is not placed. */
    static final double MAX_GAP_GRABS = 2.5;
    /** A mark up to this long before a whole second still counts for it (the meter's own error). */
    private static final long EARLY_MICROS = 100_000;

    /** A rectangle of the X screen, in pixels. */
    public record Region(int x, int y, int width, int height) {
        public Region {
            if (x < 0 || y < 0 || width < 1 || height < 1) {
                throw new IllegalArgumentException("bad region " + width + "x" + height + "+" + x + "+" + y);
            }
        }

        /**
         * Where the test pattern's flash shows best in a picture drawn at {@code x,y} as
         * {@code width x height} screen pixels: inside the black bar at the right of the colour
         * bars (luma 16 → white 235 on the flash frame), below the burned-in code, right of the
         * stats overlay and above the sliding white box.
         */
        public static Region flashArea(int x, int y, int width, int height) {
            int x0 = x + (int) Math.round(width * 0.90);
            int x1 = x + (int) Math.round(width * 0.97);
            int y0 = y + (int) Math.round(height * 0.22);
            int y1 = y + (int) Math.round(height * 0.36);
            return new Region(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
        }

        /** {@code WxH+X+Y}, as X geometry is written. */
        public String geometry() {
            return width + "x" + height + "+" + x + "+" + y;
        }
    }

    /**
     * One whole second of capture time: when its flash showed and its beep was heard (µs since the
     * epoch; NaN when not found), the gap between the two screen grabs around the flash, and the
     * flash frame's capture time (-1 when not known).
     */
    public record Second(long second, double flashMicros, double flashGrabGapMicros, double beepMicros,
                         long flashCaptureMicros) {
        /** Capture → heard: beep onset − the whole second, ms. */
        public double heardLatencyMillis() {
            return (beepMicros - second * 1e6) / 1000;
        }

        /** Flash on screen − the whole second, ms (includes the flash frame's capture delay after it). */
        public double flashAfterSecondMillis() {
            return (flashMicros - second * 1e6) / 1000;
        }

        /** Capture → on screen of the flash frame, ms; NaN when its capture time is not known. */
        public double pictureLatencyMillis() {
            return flashCaptureMicros > 0 ? (flashMicros - flashCaptureMicros) / 1000 : Double.NaN;
        }

        /**
         * Sound minus picture, ms, positive when the sound lags: heard latency − picture latency,
         * or beep − flash when the flash frame's capture time is not known.
         */
        public double avOffsetMillis() {
            return flashCaptureMicros > 0 ? heardLatencyMillis() - pictureLatencyMillis() : rawOffsetMillis();
        }

        /** Beep heard − flash seen, ms, as an onlooker would time them. */
        public double rawOffsetMillis() {
            return (beepMicros - flashMicros) / 1000;
        }

        public boolean paired() {
            return !Double.isNaN(flashMicros) && !Double.isNaN(beepMicros);
        }
    }

    /** What a recording held: every second with a flash or a beep, in order, and how it was recorded. */
    public record Result(List<Second> seconds, int grabs, double grabFps, boolean sound, Path screen, Path soundFile,
                         double sinkLatencyMillis, double sinkConfiguredLatencyMillis) {
        /** Seconds with both a flash (placed to within the resolution) and a beep. */
        public List<Second> pairs() {
            return seconds.stream().filter(s -> s.paired() && placed(s)).toList();
        }

        /** Seconds with a flash placed to within the meter's resolution. */
        public List<Second> flashes() {
            return seconds.stream().filter(s -> !Double.isNaN(s.flashMicros()) && placed(s)).toList();
        }

        /**
         * Flashes seen while the screen recording stalled (over {@value #MAX_GAP_GRABS} grab intervals
         * between the grabs around it): left out of every figure, their time is not known well enough.
         */
        public List<Second> unplacedFlashes() {
            return seconds.stream().filter(s -> !Double.isNaN(s.flashMicros()) && !placed(s)).toList();
        }

        private boolean placed(Second s) {
            return s.flashGrabGapMicros() <= MAX_GAP_GRABS * 1e6 / grabFps;
        }

        /** Seconds with a beep. */
        public List<Second> beeps() {
            return seconds.stream().filter(s -> !Double.isNaN(s.beepMicros())).toList();
        }

        /** The p-th percentile (0..100) of the A/V offsets over the pairs, ms; NaN without pairs. */
        public double avOffsetMillis(double p) {
            return Figures.percentile(pairs().stream().mapToDouble(Second::avOffsetMillis).toArray(), p);
        }

        /** The p-th percentile of capture → heard over the beeps found, ms. */
        public double heardLatencyMillis(double p) {
            return Figures.percentile(beeps().stream().mapToDouble(Second::heardLatencyMillis).toArray(), p);
        }

        /** The p-th percentile of capture → on screen of the flash frames whose capture time is known, ms. */
        public double pictureLatencyMillis(double p) {
            return Figures.percentile(flashes().stream().mapToDouble(Second::pictureLatencyMillis)
                    .filter(d -> !Double.isNaN(d)).toArray(), p);
        }

        /** The p-th percentile of flash − whole second over the flashes found, ms. */
        public double flashAfterSecondMillis(double p) {
            return Figures.percentile(flashes().stream().mapToDouble(Second::flashAfterSecondMillis).toArray(), p);
        }

        /** The p-th percentile of the gaps between the grabs around each flash, ms: the meter's resolution. */
        public double flashGrabGapMillis(double p) {
            return Figures.percentile(flashes().stream().mapToDouble(s -> s.flashGrabGapMicros() / 1000).toArray(), p);
        }

        /** The same seconds with the flash frames' capture times from {@code flashCaptures} (see {@link #flashCaptures(Path)}). */
        public Result withFlashCaptures(LongUnaryOperator flashCaptures) {
            return new Result(seconds.stream().map(s -> new Second(s.second(), s.flashMicros(), s.flashGrabGapMicros(),
                    s.beepMicros(), flashCaptures.applyAsLong(s.second()))).toList(), grabs, grabFps, sound, screen,
                    soundFile, sinkLatencyMillis, sinkConfiguredLatencyMillis);
        }

        /** Only the whole seconds from {@code fromMicros} up to {@code toMicros} (µs since the epoch). */
        public Result between(long fromMicros, long toMicros) {
            return new Result(seconds.stream().filter(s -> s.second() * 1_000_000L >= fromMicros
                    && s.second() * 1_000_000L < toMicros).toList(), grabs, grabFps, sound, screen, soundFile,
                    sinkLatencyMillis, sinkConfiguredLatencyMillis);
        }

        /** The figures the bench reports, by name (NaN where nothing was found). */
        public Map<String, Double> figures() {
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("outside_flashes", (double) flashes().size());
            f.put("outside_flashes_unplaced", (double) unplacedFlashes().size());
            f.put("outside_beeps", (double) beeps().size());
            f.put("outside_pairs", (double) pairs().size());
            f.put("outside_heard_latency_p50_ms", heardLatencyMillis(50));
            f.put("outside_heard_latency_p99_ms", heardLatencyMillis(99));
            f.put("outside_picture_latency_p50_ms", pictureLatencyMillis(50));
            f.put("outside_flash_after_second_p50_ms", flashAfterSecondMillis(50));
            f.put("outside_av_offset_p50_ms", avOffsetMillis(50));
            f.put("outside_av_offset_min_ms", avOffsetMillis(0));
            f.put("outside_av_offset_max_ms", avOffsetMillis(100));
            f.put("outside_grab_gap_p50_ms", flashGrabGapMillis(50));
            f.put("outside_sink_configured_latency_ms", sinkConfiguredLatencyMillis);
            return f;
        }
    }

    private final Region region;
    private final double grabFps;
    private final Path screenFile;
    private final Path soundFile;
    private final Process screen;
    private final Process sound;
    private final PulseAudio pulse;
    private int grabCount;
    private Result result;

    private AvMeter(Region region, double grabFps, Path screenFile, Path soundFile, Process screen, Process sound,
                    PulseAudio pulse) {
        this.pulse = pulse;
        this.region = region;
        this.grabFps = grabFps;
        this.screenFile = screenFile;
        this.soundFile = soundFile;
        this.screen = screen;
        this.sound = sound;
    }

    /** Starts recording {@code region} of {@code display} at {@value #DEFAULT_GRAB_FPS} grabs/s and, when {@code pulse} is given, its sink. */
    public static AvMeter start(String display, Region region, PulseAudio pulse, Path dir)
            throws IOException, InterruptedException {
        return start(display, region, DEFAULT_GRAB_FPS, pulse, dir);
    }

    /**
     * Starts the recordings into {@code dir} ({@code screen.nut}, {@code sound.nut} and their
     * ffmpeg logs) and returns once both are running. {@code pulse} null: the picture only.
     */
    public static AvMeter start(String display, Region region, int grabFps, PulseAudio pulse, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path screenFile = dir.resolve("screen.nut");
        Path soundFile = pulse == null ? null : dir.resolve("sound.nut");
        Process screen = ffmpeg(dir.resolve("screen-ffmpeg.log"), Map.of(), List.of(
                "-f", "x11grab", "-draw_mouse", "0", "-framerate", Integer.toString(grabFps),
                "-video_size", region.width() + "x" + region.height(), "-grab_x", Integer.toString(region.x()),
                "-grab_y", Integer.toString(region.y()), "-i", display,
                "-copyts", "-fps_mode", "passthrough", "-enc_time_base", "-1", "-c:v", "ffv1", "-pix_fmt", "gray", "-y", screenFile.toString()));
        Process sound = null;
        try {
            if (pulse != null) {
                sound = ffmpeg(dir.resolve("sound-ffmpeg.log"), pulse.environment(), List.of(
                        "-f", "pulse", "-sample_rate", Integer.toString(BeepOnsets.RATE), "-channels", "2", "-fragment_size",
                        Integer.toString(FRAGMENT_BYTES),
                        "-i", pulse.monitor(), "-copyts", "-c:a", "copy", "-y", soundFile.toString()));
            }
            awaitRunning(screen, dir.resolve("screen-ffmpeg.log"));
            if (sound != null) {
                awaitRunning(sound, dir.resolve("sound-ffmpeg.log"));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            screen.destroyForcibly();
            if (sound != null) {
                sound.destroyForcibly();
            }
            throw e;
        }
        return new AvMeter(region, grabFps, screenFile, soundFile, screen, sound, pulse);
    }

    /** Stops recording and finds the marks; the A/V offset is taken against the whole second. */
    public Result stop() throws IOException, InterruptedException {
        return stop(second -> -1);
    }

    /**
     * Stops recording and finds the marks; {@code flashCaptures} gives the capture time (µs) of
     * the first frame captured in a whole second (the flash frame), or -1 when not known.
     */
    public Result stop(LongUnaryOperator flashCaptures) throws IOException, InterruptedException {
        if (result != null) {
            return result;
        }
        double[] sinkLatency = sinkLatency();
        quit(screen);
        if (sound != null) {
            quit(sound);
        }
        TreeMap<Long, double[]> flashes = flashes(screenFile);
        TreeMap<Long, Double> beeps = soundFile == null ? new TreeMap<>() : beeps(soundFile);
        TreeMap<Long, Second> seconds = new TreeMap<>();
        for (Map.Entry<Long, double[]> e : flashes.entrySet()) {
            long s = e.getKey();
            seconds.put(s, new Second(s, e.getValue()[0], e.getValue()[1], beeps.getOrDefault(s, Double.NaN),
                    flashCaptures.applyAsLong(s)));
        }
        for (Map.Entry<Long, Double> e : beeps.entrySet()) {
            seconds.putIfAbsent(e.getKey(), new Second(e.getKey(), Double.NaN, Double.NaN, e.getValue(),
                    flashCaptures.applyAsLong(e.getKey())));
        }
        result = new Result(List.copyOf(seconds.values()), grabCount, grabFps, sound != null, screenFile, soundFile,
                sinkLatency[0], sinkLatency[1]);
        return result;
    }

    /** Stops the recordings if still running (their files are kept). */
    @Override
    public void close() throws InterruptedException {
        for (Process p : new Process[] {screen, sound}) {
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** The region recorded. */
    public Region region() {
        return region;
    }

    /**
     * The sink's latency now and its configured latency, ms (NaN without sound): {@code pactl
     * list sinks}. The sink renders ahead by up to its latency, which follows the smallest
     * buffer a player asks for; the meter agrees with PulseAudio's own playback accounting to
     * about a millisecond while it is small ({@code bench meter --buffer-ms}).
     */
    private double[] sinkLatency() throws InterruptedException {
        double[] none = {Double.NaN, Double.NaN};
        if (pulse == null) {
            return none;
        }
        try {
            ProcessBuilder b = pulse.applyTo(new ProcessBuilder("pactl", "list", "sinks"));
            Process p = b.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("Latency: (\\d+) usec, configured (\\d+) usec").matcher(out);
            return m.find() ? new double[] {Long.parseLong(m.group(1)) / 1000.0, Long.parseLong(m.group(2)) / 1000.0}
                    : none;
        } catch (IOException e) {
            return none; // pactl missing: not known
        }
    }

    /** Flash onsets by whole second: {wall µs, gap between the grabs around it µs}. */
    private TreeMap<Long, double[]> flashes(Path file) throws IOException, InterruptedException {
        double[] pts = packetTimes(file, "v:0");
        byte[] gray = run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-map", "0:v:0", "-fps_mode",
                "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"));
        int size = region.width() * region.height();
        int frames = Math.min(pts.length, gray.length / size);
        grabCount = frames;
        TreeMap<Long, double[]> out = new TreeMap<>();
        boolean white = false;
        double lastDark = Double.NaN;
        for (int f = 0; f < frames; f++) {
            long sum = 0;
            for (int i = f * size; i < (f + 1) * size; i++) {
                sum += gray[i] & 0xff;
            }
            double mean = (double) sum / size;
            // hysteresis around mid-grey: the black bar is ~0, the flash ~255
            if (!white && mean > 160) {
                white = true;
                if (!Double.isNaN(lastDark)) {
                    double onset = (lastDark + pts[f]) / 2;
                    out.putIfAbsent(secondOf(onset), new double[] {onset, pts[f] - lastDark});
                }
            } else if (white && mean < 96) {
                white = false;
            }
            if (!white) {
                lastDark = pts[f];
            }
        }
        return out;
    }

    /** Beep onsets by whole second, wall µs. */
    private static TreeMap<Long, Double> beeps(Path file) throws IOException, InterruptedException {
        // packet times and sizes: each packet's first sample and its wall-clock stamp
        String csv = new String(run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "packet=pts_time,size", "-of", "csv=p=0", file.toString())), StandardCharsets.US_ASCII);
        List<double[]> packets = new ArrayList<>(); // {sample position, wall µs - position in µs}
        long position = 0;
        for (String line : csv.split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length < 2 || f[0].isEmpty() || f[0].equals("N/A")) {
                continue;
            }
            double wall = Double.parseDouble(f[0]) * 1e6;
            packets.add(new double[] {position, wall - position * 1e6 / BeepOnsets.RATE});
            position += Long.parseLong(f[1]) / 4; // s16 stereo
        }
        byte[] pcm = run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-map", "0:a:0", "-f", "s16le",
                "-ac", "2", "-ar", Integer.toString(BeepOnsets.RATE), "-"));
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        float[] mono = new float[pcm.length / 4];
        for (int i = 0; i < mono.length; i++) {
            mono[i] = (b.getShort(4 * i) + b.getShort(4 * i + 2)) / 65536f;
        }
        if (position > 3 * BeepOnsets.RATE) {
            // the first packets' stamps are off by up to ~150 ms while FFmpeg's time filter settles (< 1 s)
            packets.removeIf(p -> p[0] < BeepOnsets.RATE);
        }
        TreeMap<Long, Double> out = new TreeMap<>();
        for (double onset : BeepOnsets.find(mono)) {
            double wall = onset * 1e6 / BeepOnsets.RATE + localOffset(packets, onset);
            out.putIfAbsent(secondOf(wall), wall);
        }
        return out;
    }

    /**
     * The median of (wall stamp − position) over the packets within 2 s of a position: FFmpeg's
     * stamps jitter by a few ms around the sample clock; a dropped stretch would shift them.
     */
    private static double localOffset(List<double[]> packets, double position) {
        double[] near = packets.stream().filter(p -> Math.abs(p[0] - position) <= 2.0 * BeepOnsets.RATE)
                .mapToDouble(p -> p[1]).toArray();
        if (near.length == 0) {
            near = packets.stream().mapToDouble(p -> p[1]).toArray();
        }
        return near.length == 0 ? Double.NaN : Figures.median(near);
    }

    /** The whole second a mark belongs to: the one it follows, allowing the meter to read it a little early. */
    private static long secondOf(double wallMicros) {
        return Math.floorDiv((long) wallMicros + EARLY_MICROS, 1_000_000L);
    }

    /** Packet timestamps of one stream, in µs since the epoch, in file order. */
    private static double[] packetTimes(Path file, String stream) throws IOException, InterruptedException {
        String csv = new String(run(List.of("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                "packet=pts_time", "-of", "csv=p=0", file.toString())), StandardCharsets.US_ASCII);
        return Arrays.stream(csv.split("\n")).map(String::trim).filter(s -> !s.isEmpty() && !s.equals("N/A"))
                .mapToDouble(s -> Double.parseDouble(s.split(",")[0]) * 1e6).toArray();
    }

    /**
     * The capture time of the first frame of each whole second among the frames a viewer's frame
     * log lists ({@code index,capture_us,shown_us}, as {@code -Dglasscast.displayLog} writes it):
     * the flash frame's, when it was shown. -1 for a second with no frame.
     */
    public static LongUnaryOperator flashCaptures(Path frameLog) throws IOException {
        Map<Long, Long> first = new HashMap<>();
        for (String line : Files.readAllLines(frameLog)) {
            String[] f = line.split(",");
            if (f.length != 3 || f[1].isEmpty() || !Character.isDigit(f[1].charAt(0))) {
                continue; // header, a frame without a capture time, or a line cut short
            }
            try {
                long capture = Long.parseLong(f[1]);
                first.merge(Math.floorDiv(capture, 1_000_000L), capture, Math::min);
            } catch (NumberFormatException e) {
                // cut short
            }
        }
        return second -> first.getOrDefault(second, -1L);
    }

    private static Process ffmpeg(Path log, Map<String, String> env, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "info"));
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        try {
            return b.start();
        } catch (IOException e) {
            throw new IOException("cannot start ffmpeg (apt-get install ffmpeg): " + e.getMessage(), e);
        }
    }

    /** Waits until ffmpeg has opened its input and begun writing ("Press [q]"). */
    private static void awaitRunning(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (out.contains("Press [q]")) {
                return;
            }
            if (!p.isAlive()) {
                throw new IOException("the meter's ffmpeg ended: " + lastLines(out));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("the meter's ffmpeg did not start in 20 s: " + lastLines(Files.readString(log)));
    }

    /** Asks ffmpeg to finish its file ({@code q} on its input), then makes sure it has ended. */
    private static void quit(Process p) throws InterruptedException {
        try (OutputStream in = p.getOutputStream()) {
            in.write('q');
            in.flush();
        } catch (IOException e) {
            // it has ended already
        }
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static String lastLines(String out) {
        String[] lines = out.replace('\r', '\n').split("\n");
        return String.join(" / ", Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
    }

    private static byte[] run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.format(Locale.ROOT, "%s failed on %s", command.get(0),
                    command.get(command.size() - 1).equals("-") ? command.get(command.indexOf("-i") + 1)
                            : command.get(command.size() - 1)));
        }
        return out.toByteArray();
    }
}
