package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.sender.media.EncodedVideoFrame;
import org.glasscast.sender.media.EncoderSettings;
import org.glasscast.sender.media.H264Encoder;
import org.glasscast.sender.media.TestPattern;
import org.glasscast.viewer.record.Recorder;
import org.glasscast.viewer.record.RecordingPaths;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder fed access units as the event loop would (encoded here by libx264), its files
 * read back by ffprobe/ffmpeg: a new picture size starts a new file, a stream without sound is
 * recorded as video only, the R key's toggle makes one file per press, and every buffer offered
 * is released.
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
        return new Recorder(RecordingPaths.of(path.toString(), false, Clock.systemDefaultZone()), 0, startNow, false,
                List.of(), new CaptureClock(90_000), () -> START_MICROS, () -> { }, stats,
                new PrintStream(printed, true));
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
