package org.glasscast.sender.source.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.AudioSource;
import org.glasscast.sender.source.VideoSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegFileSourceTest {
    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void makeFile() throws Exception {
        file = Tools.testFile(dir);
    }

    private static FfmpegInput open() throws Exception {
        return FfmpegInput.open(null, file.toString(), Map.of(), false);
    }

    @Test
    void playsEveryFrameAtTheFilesPaceThenEnds() throws Exception {
        try (FfmpegVideoSource video = new FfmpegVideoSource(MediaClock.system(), open(), 0, 0, false)) {
            assertThat(video.describe()).isEqualTo("file " + file + " 320x240 h264");
            assertThat(video.selfPaced()).isTrue();
            YuvFrame frame = new YuvFrame(video.width(), video.height());
            List<Long> instants = new ArrayList<>();
            long t;
            while ((t = video.capture(frame)) != VideoSource.END) {
                assertThat(frame.index()).isEqualTo(instants.size());
                instants.add(t);
            }
            assertThat(instants).hasSizeBetween(59, 61).isSorted().doesNotHaveDuplicates();
            assertThat(medianSpacingMillis(instants)).isBetween(25.0, 45.0);
            assertThat(video.capture(frame)).isEqualTo(VideoSource.END);
        }
    }

    @Test
    void loopGoesOnPastTheEndWithTimeIncreasing() throws Exception {
        try (FfmpegVideoSource video = new FfmpegVideoSource(MediaClock.system(), open(), 0, 0, true)) {
            YuvFrame frame = new YuvFrame(video.width(), video.height());
            List<Long> instants = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                long t = video.capture(frame);
                assertThat(t).as("frame %d", i).isNotEqualTo(VideoSource.END);
                instants.add(t);
            }
            assertThat(instants).isSorted().doesNotHaveDuplicates();
            // the step across the loop is one frame, not zero and not the file's length
            double step = (instants.get(60) - instants.get(59)) / 1e6;
            assertThat(step).isBetween(1.0, 100.0);
        }
    }

    @Test
    void scalesDownKeepingTheAspect() throws Exception {
        try (FfmpegVideoSource video = new FfmpegVideoSource(MediaClock.system(), open(), 160, 160, false)) {
            assertThat(video.width()).isEqualTo(160);
            assertThat(video.height()).isEqualTo(120);
            YuvFrame frame = new YuvFrame(160, 120);
            assertThat(video.capture(frame)).isNotEqualTo(VideoSource.END);
            // testsrc2 is colourful: the picture is not flat
            int min = 255;
            int max = 0;
            for (int i = 0; i < 160 * 120; i++) {
                int y = frame.y().get(i) & 0xff;
                min = Math.min(min, y);
                max = Math.max(max, y);
            }
            assertThat(max - min).isGreaterThan(100);
        }
    }

    @Test
    void audioTrackSharesTheDemuxerAndCarriesTheTone() throws Exception {
        MediaClock clock = MediaClock.system();
        FfmpegInput input = open();
        FfmpegVideoSource video = new FfmpegVideoSource(clock, input, 0, 0, false);
        FfmpegAudioSource audio = new FfmpegAudioSource(clock, input);
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        List<double[]> powers = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            short[] pcm = new short[AudioSource.FRAME_SAMPLES * AudioSource.CHANNELS];
            try {
                long t;
                while ((t = audio.read(pcm)) != AudioSource.END) {
                    times.add(t);
                    int n = AudioSource.FRAME_SAMPLES;
                    powers.add(new double[] {Tools.power(pcm, n, 1000, 48000), Tools.power(pcm, n, 440, 48000),
                        Tools.power(pcm, n, 2000, 48000)});
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "test-audio");
        try (video; audio) {
            reader.start();
            YuvFrame frame = new YuvFrame(video.width(), video.height());
            int frames = 0;
            while (video.capture(frame) != VideoSource.END) {
                frames++;
            }
            reader.join(5_000);
            assertThat(frames).isBetween(59, 61);
        }
        assertThat(audio.describe()).isEqualTo("file:" + file + " (audio)");
        // 2 s of sound is 200 frames of 10 ms; AAC priming and the tail may cost a few
        assertThat(times).hasSizeBetween(190, 201);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("step %d", i).isEqualTo(10_000L);
        }
        int toneFrames = 0;
        for (double[] p : powers.subList(2, powers.size() - 2)) {
            if (p[0] > 100 * p[1] && p[0] > 100 * p[2]) {
                toneFrames++;
            }
        }
        assertThat(toneFrames).isEqualTo(powers.size() - 4);
    }

    @Test
    void loopedFileKeepsItsSoundGoing() throws Exception {
        MediaClock clock = MediaClock.system();
        FfmpegInput input = open();
        FfmpegVideoSource video = new FfmpegVideoSource(clock, input, 0, 0, true);
        FfmpegAudioSource audio = new FfmpegAudioSource(clock, input);
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            short[] pcm = new short[AudioSource.FRAME_SAMPLES * AudioSource.CHANNELS];
            try {
                long t;
                while ((t = audio.read(pcm)) != AudioSource.END) {
                    times.add(t);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "test-audio");
        try (video; audio) {
            reader.start();
            YuvFrame frame = new YuvFrame(video.width(), video.height());
            for (int i = 0; i < 105; i++) { // 3.5 s: well into the second pass
                assertThat(video.capture(frame)).isNotEqualTo(VideoSource.END);
            }
        }
        reader.join(5_000);
        assertThat(reader.isAlive()).as("audio reader ended on close").isFalse();
        assertThat(times).hasSizeGreaterThan(240); // 2.4 s
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("step %d", i).isEqualTo(10_000L);
        }
    }

    private static double medianSpacingMillis(List<Long> instants) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < instants.size(); i++) {
            gaps.add(instants.get(i) - instants.get(i - 1));
        }
        Collections.sort(gaps);
        return gaps.get(gaps.size() / 2) / 1e6;
    }
}
