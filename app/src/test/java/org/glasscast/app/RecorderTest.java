package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.sender.media.EncodedVideoFrame;
import org.glasscast.sender.media.EncoderSettings;
import org.glasscast.sender.media.H264Encoder;
import org.glasscast.sender.media.OpusEncoder;
import org.glasscast.sender.media.TestPattern;
import org.glasscast.sender.media.ToneGenerator;
import org.glasscast.viewer.record.Recorder;
import org.glasscast.viewer.record.RecordingPaths;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.rtp.TrackReceiver.AudioPacket;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recorder fed access units as the event loop would (encoded here by libx264), its files
 * read back by ffprobe/ffmpeg: a new picture size starts a new file, a stream without sound is
 * recorded as video only, the R key's toggle makes one file per press, a recording goes on across
 * a sender restart (a new RTSP session), and every buffer offered is released.
 */
class RecorderTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ViewerStats stats = new ViewerStats();

    private static final long START_MICROS = 1_767_225_600_000_000L; // a whole second

    /** 60 frames at 320x240 then 60 at 160x120 (a new encoder, so a new SPS), at 30 fps capture times. */
    private static List<AccessUnit> resolutionChange() {
        List<AccessUnit> out = new ArrayList<>();
        int n = 0;
        for (int[] size : new int[][] {{320, 240}, {160, 120}}) {
            TestPattern pattern = new TestPattern(size[0], size[1]);
            YuvFrame picture = new YuvFrame(size[0], size[1]);
            try (H264Encoder encoder = H264Encoder.open(EncoderSettings.defaults(size[0], size[1], 30))) {
                for (int i = 0; i < 60; i++, n++) {
                    long capture = START_MICROS + n * 1_000_000L / 30;
                    pattern.draw(picture, n, capture, false);
                    picture.index(n).captureMicros(capture).captureNanos(System.nanoTime()).flash(false);
                    encoder.encode(picture, f -> {
                        out.add(new AccessUnit(f.content().retain(), f.pts90k(), f.keyframe(), true,
                                NtpTime.fromUnixMicros(f.captureMicros()), 0, 0, 1));
                        f.release();
                    });
                }
            }
        }
        return out;
    }

    private Recorder recorder(Path path, boolean startNow) {
        return recorder(path, startNow, false);
    }

    private Recorder recorder(Path path, boolean startNow, boolean audio) {
        return recorder(path, startNow, audio, () -> START_MICROS);
    }

    private Recorder recorder(Path path, boolean startNow, boolean audio, LongSupplier wallMicros) {
        return new Recorder(RecordingPaths.of(path.toString(), false, Clock.systemDefaultZone()), 0, startNow, audio,
                List.of(), new CaptureClock(90_000), wallMicros, () -> { }, stats, new PrintStream(printed, true));
    }

    /**
     * What one RTSP session of a sender brings, in the order the event loop hands it over (by
     * capture time): {@code frames} pictures at 30 fps from {@code startMicros} (frame indices from
     * {@code firstIndex}, a white flash on each whole second), and 10 ms Opus packets of the test
     * tone (a beep on each whole second) over the same span. Each session has its own encoders
     * and its own RTP timestamp bases, as a restarted sender has.
     */
    private static List<Object> session(int width, int height, long firstIndex, long startMicros, int frames,
                                        long videoRtpBase, long audioRtpBase) {
        List<AccessUnit> video = new ArrayList<>();
        TestPattern pattern = new TestPattern(width, height);
        YuvFrame picture = new YuvFrame(width, height);
        try (H264Encoder encoder = H264Encoder.open(EncoderSettings.defaults(width, height, 30))) {
            for (int i = 0; i < frames; i++) {
                long n = firstIndex + i;
                long capture = startMicros + i * 1_000_000L / 30;
                boolean flash = capture % 1_000_000 == 0;
                pattern.draw(picture, n, capture, flash);
                picture.index(n).captureMicros(capture).captureNanos(System.nanoTime()).flash(flash);
                encoder.encode(picture, f -> {
                    long rtp = (videoRtpBase + (f.captureMicros() - startMicros) * 9 / 100) & 0xFFFF_FFFFL;
                    video.add(new AccessUnit(f.content().retain(), rtp, f.keyframe(), true,
                            NtpTime.fromUnixMicros(f.captureMicros()), 0, 0, 1));
                    f.release();
                });
            }
        }
        List<AudioPacket> audio = new ArrayList<>();
        ToneGenerator tone = new ToneGenerator();
        short[] pcm = new short[OpusEncoder.FRAME_SAMPLES * OpusEncoder.CHANNELS];
        long packets = frames * 1_000_000L / 30 / OpusEncoder.FRAME_MICROS;
        try (OpusEncoder encoder = OpusEncoder.open(OpusEncoder.DEFAULT_BITRATE)) {
            for (int i = 0; i < packets; i++) {
                long capture = startMicros + i * OpusEncoder.FRAME_MICROS;
                tone.fill(pcm, OpusEncoder.FRAME_SAMPLES, capture);
                ByteBuf opus = encoder.encode(pcm);
                audio.add(new AudioPacket(opus, (audioRtpBase + (long) i * OpusEncoder.FRAME_SAMPLES) & 0xFFFF_FFFFL,
                        capture));
            }
        }
        List<Object> out = new ArrayList<>();
        int a = 0;
        for (AccessUnit au : video) {
            long capture = NtpTime.toUnixMicros(au.absCaptureTimeNtp());
            while (a < audio.size() && audio.get(a).captureMicros() <= capture) {
                out.add(audio.get(a++));
            }
            out.add(au);
        }
        out.addAll(audio.subList(a, audio.size()));
        return out;
    }

    /** Offers as the event loop does (the recorder retains what it keeps). */
    private static void offerAll(Recorder r, List<Object> events) {
        for (Object e : events) {
            if (e instanceof AccessUnit au) {
                r.offerVideo(au);
            } else {
                r.offerAudio((AudioPacket) e);
            }
        }
    }

    /** Waits (at most 30 s) until ffprobe reads this many pictures in the file being written. */
    private List<Double> awaitPicturesOnDisk(Path file, int pictures) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Double> onDisk = List.of();
        while (onDisk.size() != pictures && System.nanoTime() < deadline) {
            Thread.sleep(100);
            try {
                onDisk = RecordedFile.videoPts(RecordedFile.packets(dir, file), 0);
            } catch (Exception | AssertionError notYet) {
                // the file is not there yet: the recorder thread has not caught up
            }
        }
        return onDisk;
    }

    /** Waits (at most 30 s) until the recorder has written this many pictures. */
    private void awaitFramesWritten(long frames) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (stats.recordFrames.sum() < frames && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stats.recordFrames.sum()).as("pictures written").isEqualTo(frames);
    }

    /** Releases as the decode stages would, and checks the recorder has released what it kept. */
    private static void releaseAll(List<Object> events) {
        for (Object e : events) {
            ByteBuf b = e instanceof AccessUnit au ? au.content() : ((AudioPacket) e).payload();
            b.release();
            assertThat(b.refCnt()).isZero();
        }
    }

    private static final int SPAN_FRAMES = 60; // 2 s
    private static final long RESTART_MICROS = START_MICROS + 5_000_000; // after a 3 s outage

    /**
     * The sender restarts after a 3 s outage with the same settings (so the same SPS and PPS):
     * new RTP timestamp bases on both tracks, capture times 3 s on. The recording goes on in the
     * same file, the outage a 3 s gap in its timeline, picture and sound on both sides at their
     * capture times. While the sender is away, what came before is on disk, whole, and the window's
     * REC mark still says recording, to the same file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mkv", "mp4"})
    void aSenderRestartWithTheSameSettingsGoesOnInTheSameFileWithTheOutageAsAGap(String format) throws Exception {
        List<Object> before = session(320, 240, 0, START_MICROS, SPAN_FRAMES, 1_000, 2_000);
        List<Object> after = session(320, 240, SPAN_FRAMES, RESTART_MICROS, SPAN_FRAMES, 4_000_000_000L, 77);
        Path file = dir.resolve("restart." + format);
        Recorder r = recorder(file, true, true);
        Thread t = new Thread(r::run, "gc-record");
        t.start();
        offerAll(r, before);
        r.newStream(List.of());

        // the outage: all of the first session is on disk (flushed, as a kill -9 would leave it)
        assertThat(awaitPicturesOnDisk(file, SPAN_FRAMES)).as("pictures on disk while the sender is away")
                .hasSize(SPAN_FRAMES);
        assertThat(r.recording()).as("REC through the outage").isTrue();
        assertThat(r.path()).isEqualTo(file);
        assertThat(r.elapsedMillis()).isEqualTo(1966);
        assertThat(r.bytes()).isPositive();

        offerAll(r, after);
        t.interrupt();
        t.join(10_000);
        releaseAll(before);
        releaseAll(after);
        assertThat(stats.recordDropped.sum()).isZero();

        assertThat(printed.toString().lines().filter(l -> l.startsWith("view: recording to")).toList())
                .as("one file").containsExactly("view: recording to " + file);
        assertThat(dir.resolve("restart-001." + format)).doesNotExist();
        assertThat(RecordedFile.codecs(dir, file)).containsExactly("h264", "opus");
        List<RecordedFile.Packet> packets = RecordedFile.packets(dir, file);
        List<Double> video = RecordedFile.videoPts(packets, 0);
        assertThat(video).hasSize(2 * SPAN_FRAMES);
        assertThat(video.get(SPAN_FRAMES - 1)).as("the last picture before the outage").isCloseTo(1.967, within(0.001));
        assertThat(video.get(SPAN_FRAMES)).as("the first after it: at its capture time, 3 s on")
                .isCloseTo(5.0, within(0.001));
        assertThat(packets.stream().filter(p -> p.stream() == 0 && Math.abs(p.ptsSeconds() - 5.0) < 0.001))
                .as("the first picture after the outage is a keyframe").singleElement()
                .matches(RecordedFile.Packet::keyframe);
        List<Double> sound = RecordedFile.videoPts(packets, 1);
        assertThat(sound).as("sound on both sides of the gap, none in it")
                .anyMatch(s -> s > 1.9 && s < 2.0).anyMatch(s -> s > 5.0 && s < 5.1)
                .noneMatch(s -> s > 2.0 && s < 5.0);
        assertThat(RecordedFile.duration(dir, file)).as("2 s, the 3 s outage, 2 s").isCloseTo(7.0, within(0.03));

        List<RecordedFile.Frame> frames = RecordedFile.frames(dir, file, 320, 240);
        assertThat(RawFrames.assertContiguous(frames.stream().map(RecordedFile.Frame::index).toList()))
                .as("every picture of both sessions decodes").isEqualTo(2 * SPAN_FRAMES);
        assertThat(frames.get(SPAN_FRAMES).captureMicros() - frames.get(SPAN_FRAMES - 1).captureMicros())
                .as("burned-in capture times across the gap").isEqualTo(5_000_000 - 1_966_666);
        // A/V: each whole second's flash (a picture) and beep (the sound) are where the capture put them
        assertThat(frames.stream().filter(RecordedFile.Frame::flash)
                .map(f -> (f.captureMicros() - START_MICROS) / 1_000_000).toList()).containsExactly(0L, 1L, 5L, 6L);
        assertThat(video.get(30)).isCloseTo(1.0, within(0.001));
        assertThat(video.get(SPAN_FRAMES + 30)).isCloseTo(6.0, within(0.001));
        List<Double> beeps = RecordedFile.beepOnsets(RecordedFile.audio(dir, file));
        assertThat(beeps).as("beeps at 1 s and 6 s, none in the outage")
                .anySatisfy(b -> assertThat(b).isCloseTo(1.0, within(0.01)))
                .anySatisfy(b -> assertThat(b).isCloseTo(6.0, within(0.01)))
                .noneMatch(b -> b > 2.0 && b < 4.99);

        assertThat(stats.recordFrames.sum()).isEqualTo(2 * SPAN_FRAMES);
        assertThat(printed.toString()).contains("view: recording stopped: " + file + ", 7.0 s, ");
    }

    /**
     * The sender restarts with another picture size (new SPS and PPS): the file before is closed
     * whole and the recording goes on in the next file, from the new session's first keyframe.
     */
    @Test
    void aSenderRestartWithANewPictureSizeStartsTheNextFile() throws Exception {
        List<Object> before = session(320, 240, 0, START_MICROS, SPAN_FRAMES, 1_000, 2_000);
        List<Object> after = session(160, 120, SPAN_FRAMES, RESTART_MICROS, SPAN_FRAMES, 4_000_000_000L, 77);
        Path file = dir.resolve("size.mkv");
        Path second = dir.resolve("size-001.mkv");
        Recorder r = recorder(file, true, true);
        Thread t = new Thread(r::run, "gc-record");
        t.start();
        offerAll(r, before);
        r.newStream(List.of());
        awaitFramesWritten(SPAN_FRAMES); // the event loop offers in real time: the queue never fills
        offerAll(r, after);
        t.interrupt();
        t.join(10_000);
        releaseAll(before);
        releaseAll(after);
        assertThat(stats.recordDropped.sum()).isZero();

        assertThat(printed.toString().lines().filter(l -> l.startsWith("view: recording")).toList()).containsExactly(
                "view: recording to " + file,
                "view: recording to " + second,
                "view: recording stopped: " + file + " to " + second + " (2 files), 7.0 s, "
                        + kiloBytes(Files.size(file) + Files.size(second)));
        assertThat(size(file)).isEqualTo("320,240");
        assertThat(size(second)).isEqualTo("160,120");
        assertThat(RecordedFile.codecs(dir, second)).containsExactly("h264", "opus");
        assertThat(RecordedFile.duration(dir, file)).as("the first session, whole").isCloseTo(2.0, within(0.03));
        assertThat(RecordedFile.duration(dir, second)).as("the second, from its first picture")
                .isCloseTo(2.0, within(0.03));
        assertThat(RecordedFile.captureStartMicros(dir, second)).isEqualTo(RESTART_MICROS);
        List<Long> indices = new ArrayList<>();
        RecordedFile.frames(dir, file, 320, 240).forEach(f -> indices.add(f.index()));
        RecordedFile.frames(dir, second, 160, 120).forEach(f -> indices.add(f.index()));
        assertThat(RawFrames.assertContiguous(indices)).isEqualTo(2 * SPAN_FRAMES);
        List<Double> sound = RecordedFile.videoPts(RecordedFile.packets(dir, second), 1);
        assertThat(sound.get(0)).as("the second file's sound starts with its picture").isBetween(0.0, 0.011);
    }

    /**
     * The restarted sender's clock is 10 s behind the old one's (another machine took over, or its
     * clock was stepped): the recording goes on where it ended rather than back in time, where its
     * pictures would be squeezed onto one tick and its sound dropped.
     */
    @Test
    void aSenderWhoseClockWentBackGoesOnWhereTheRecordingEnded() throws Exception {
        List<Object> before = session(320, 240, 0, START_MICROS, SPAN_FRAMES, 1_000, 2_000);
        List<Object> after = session(320, 240, SPAN_FRAMES, START_MICROS - 10_000_000, SPAN_FRAMES, 99_999, 5);
        Path file = dir.resolve("back.mkv");
        Recorder r = recorder(file, true, true);
        Thread t = new Thread(r::run, "gc-record");
        t.start();
        offerAll(r, before);
        r.newStream(List.of());
        awaitFramesWritten(SPAN_FRAMES);
        offerAll(r, after);
        t.interrupt();
        t.join(10_000);
        releaseAll(before);
        releaseAll(after);
        assertThat(stats.recordDropped.sum()).isZero();

        List<RecordedFile.Packet> packets = RecordedFile.packets(dir, file);
        List<Double> video = RecordedFile.videoPts(packets, 0);
        assertThat(video).hasSize(2 * SPAN_FRAMES);
        assertThat(video.get(SPAN_FRAMES)).as("on from the end of the first session").isCloseTo(2.0, within(0.001));
        assertThat(video.get(2 * SPAN_FRAMES - 1)).isCloseTo(2.0 + 1.967, within(0.001));
        assertThat(RecordedFile.videoPts(packets, 1)).as("the second session's sound")
                .filteredOn(s -> s > 2.0).hasSizeGreaterThan(190);
        assertThat(RecordedFile.duration(dir, file)).isCloseTo(4.0, within(0.03));
        assertThat(RawFrames.assertContiguous(RecordedFile.frames(dir, file, 320, 240).stream()
                .map(RecordedFile.Frame::index).toList())).isEqualTo(2 * SPAN_FRAMES);
    }

    /**
     * The link drops for 3 s and comes back within the same RTSP session (no new stream): once
     * nothing has come for a second, what the recorder held is on disk, and after the outage
     * picture and sound go on at their capture times, in MP4 too (whose muxer would otherwise
     * start the sound's next fragment where the last one ended).
     */
    @Test
    void aLinkOutageWithinASessionIsOnDiskDuringItAndAGapAfterIt() throws Exception {
        List<Object> before = session(320, 240, 0, START_MICROS, SPAN_FRAMES, 1_000, 2_000);
        // the same session: RTP time runs on through the outage; the sender answers with a keyframe
        List<Object> after = session(320, 240, SPAN_FRAMES, RESTART_MICROS, SPAN_FRAMES, 1_000 + 5 * 90_000,
                2_000 + 5 * 48_000);
        Path file = dir.resolve("outage.mp4");
        AtomicLong wall = new AtomicLong(START_MICROS);
        Recorder r = recorder(file, true, true, wall::get);
        Thread t = new Thread(r::run, "gc-record");
        t.start();
        offerAll(r, before);
        wall.addAndGet(1_500_000); // nothing comes for 1.5 s
        assertThat(awaitPicturesOnDisk(file, SPAN_FRAMES)).as("pictures on disk during the outage")
                .hasSize(SPAN_FRAMES);
        wall.addAndGet(1_500_000);
        offerAll(r, after);
        t.interrupt();
        t.join(10_000);
        releaseAll(before);
        releaseAll(after);
        assertThat(stats.recordDropped.sum()).isZero();

        List<RecordedFile.Packet> packets = RecordedFile.packets(dir, file);
        List<Double> video = RecordedFile.videoPts(packets, 0);
        assertThat(video).hasSize(2 * SPAN_FRAMES);
        assertThat(video.get(SPAN_FRAMES)).isCloseTo(5.0, within(0.001));
        assertThat(RecordedFile.videoPts(packets, 1)).as("sound on both sides of the gap, none in it")
                .anyMatch(s -> s > 1.9 && s < 2.0).anyMatch(s -> s > 4.99 && s < 5.0)
                .noneMatch(s -> s > 2.0 && s < 4.99);
        List<Double> beeps = RecordedFile.beepOnsets(RecordedFile.audio(dir, file));
        assertThat(beeps).as("the beep of second 6 where its flash is")
                .anySatisfy(b -> assertThat(b).isCloseTo(6.0, within(0.01)));
        assertThat(RecordedFile.duration(dir, file)).isCloseTo(7.0, within(0.03));
    }

    /** A viewer that is not recording ignores a new session; R then records the new session alone. */
    @Test
    void aNewSessionWhileNotRecordingChangesNothingAndRRecordsTheNewOne() throws Exception {
        List<Object> before = session(320, 240, 0, START_MICROS, SPAN_FRAMES, 1_000, 2_000);
        List<Object> after = session(160, 120, SPAN_FRAMES, RESTART_MICROS, SPAN_FRAMES, 4_000_000_000L, 77);
        Path file = dir.resolve("later.mkv");
        Recorder r = recorder(file, false, true);
        Thread t = new Thread(r::run, "gc-record");
        t.start();
        offerAll(r, before);
        r.newStream(List.of());
        assertThat(r.recording()).isFalse();
        assertThat(r.path()).isNull();
        r.toggle();
        offerAll(r, after);
        t.interrupt();
        t.join(10_000);
        releaseAll(before);
        releaseAll(after);
        assertThat(printed.toString().lines().filter(l -> l.startsWith("view: recording to")).toList())
                .containsExactly("view: recording to " + file);
        assertThat(size(file)).isEqualTo("160,120");
        assertThat(RecordedFile.captureStartMicros(dir, file)).isEqualTo(RESTART_MICROS);
        assertThat(RecordedFile.duration(dir, file)).isCloseTo(2.0, within(0.03));
    }

    /** Offers as the event loop does (the recorder retains), then releases as the decode stage would. */
    private static void offer(Recorder r, List<AccessUnit> aus, int from, int to) {
        for (int i = from; i < to; i++) {
            r.offerVideo(aus.get(i));
        }
    }

    @Test
    void aNewPictureSizeStartsANewFileAndVideoOnlyStreamsRecordVideoOnly() throws Exception {
        List<AccessUnit> aus = resolutionChange();
        Path file = dir.resolve("res.mkv");
        Recorder r = recorder(file, true);
        Thread t = new Thread(r::run, "gc-record");
        t.start();
        offer(r, aus, 0, aus.size());
        t.interrupt(); // as Viewer.close(): what was queued is written, the file finished
        t.join(10_000);
        aus.forEach(AccessUnit::release);
        assertThat(aus).allSatisfy(au -> assertThat(au.refCnt()).isZero());

        Path second = dir.resolve("res-001.mkv");
        assertThat(printed.toString()).contains("view: recording to " + file, "view: recording to " + second);
        assertThat(RecordedFile.codecs(dir, file)).containsExactly("h264");
        assertThat(size(file)).isEqualTo("320,240");
        assertThat(size(second)).isEqualTo("160,120");
        List<Double> a = RecordedFile.videoPts(RecordedFile.packets(dir, file), 0);
        List<Double> b = RecordedFile.videoPts(RecordedFile.packets(dir, second), 0);
        assertThat(a).hasSize(60);
        assertThat(b).hasSize(60);
        // each file plays from 0; its tags say when its first picture was captured: 60 frames later for the second
        assertThat(b.get(0)).as("the new file's first picture").isZero();
        assertThat(RecordedFile.captureStartMicros(dir, file)).isEqualTo(START_MICROS);
        assertThat(RecordedFile.captureStartMicros(dir, second)).isEqualTo(START_MICROS + 2_000_000);
        assertThat(tag(file, "creation_time")).isEqualTo("2026-01-01T00:00:00.000000Z");
        assertThat(RecordedFile.duration(dir, file)).as("the first file ends where the second begins").isEqualTo(2.0);
        List<Long> indices = new ArrayList<>();
        RecordedFile.frames(dir, file, 320, 240).forEach(f -> indices.add(f.index()));
        RecordedFile.frames(dir, second, 160, 120).forEach(f -> indices.add(f.index()));
        assertThat(RawFrames.assertContiguous(indices)).isEqualTo(120);
        assertThat(stats.recordFrames.sum()).isEqualTo(120);
        assertThat(stats.recordPath).isEqualTo(second.toString());
        assertThat(printed.toString()).contains("view: recording stopped: " + file + " to " + second + " (2 files), 4.0 s, "
                + kiloBytes(Files.size(file) + Files.size(second)) + "\n");
    }

    @Test
    void eachToggleOnRecordsANewFileFromTheNextKeyframe() throws Exception {
        List<AccessUnit> aus = resolutionChange();
        Path file = dir.resolve("r.mkv");
        Recorder r = recorder(file, false);
        Thread t = new Thread(r::run, "gc-record");
        t.start();
        offer(r, aus, 0, 30); // not recording: nothing retained
        assertThat(r.recording()).isFalse();
        r.toggle();
        assertThat(r.recording()).isTrue();
        offer(r, aus, 30, 60); // no keyframe among them: waits
        offer(r, aus, 60, 90); // the 160x120 stream starts with one
        r.toggle();
        r.toggle();
        offer(r, aus, 90, 120); // a new recording: waits for a keyframe that never comes
        t.interrupt();
        t.join(10_000);
        aus.forEach(AccessUnit::release);
        assertThat(aus).allSatisfy(au -> assertThat(au.refCnt()).isZero());
        assertThat(RecordedFile.videoPts(RecordedFile.packets(dir, file), 0)).hasSize(30);
        assertThat(r.bytes()).isZero(); // the last recording wrote nothing
        assertThat(stats.recordFrames.sum()).isEqualTo(30);
        assertThat(stats.recordBytes).isEqualTo(Files.size(file));
        // each stop says what was recorded: 30 frames at 30 fps, and the recording that never had a keyframe
        assertThat(printed.toString().lines().filter(l -> l.startsWith("view: recording")).toList()).containsExactly(
                "view: recording to " + file,
                "view: recording stopped: " + file + ", 1.0 s, " + kiloBytes(Files.size(file)),
                "view: recording stopped before its first keyframe: nothing written");
    }

    private static String kiloBytes(long bytes) {
        assertThat(bytes).as("small enough for kB").isLessThan(1_000_000);
        return Math.round(bytes / 1e3) + " kB";
    }

    private String tag(Path file, String name) throws Exception {
        try (Proc p = Proc.start(dir, "tag", List.of("ffprobe", "-v", "error", "-show_entries", "format_tags=" + name,
                "-of", "csv=p=0", file.toString()))) {
            assertThat(p.waitFor(60)).isZero();
            return p.out().strip();
        }
    }

    private String size(Path file) throws Exception {
        try (Proc p = Proc.start(dir, "size", List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=width,height", "-of", "csv=p=0", file.toString()))) {
            assertThat(p.waitFor(60)).isZero();
            return p.out().strip();
        }
    }
}
