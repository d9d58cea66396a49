package org.glasscast.app.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.sender.media.EncodedVideoFrame;
import org.glasscast.sender.media.EncoderSettings;
import org.glasscast.sender.media.H264Encoder;
import org.glasscast.sender.media.TestPattern;
import org.glasscast.media.YuvFrame;
import org.glasscast.viewer.media.H264Decoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Test pattern → libx264 → FFmpeg h264 → burned-in code: what the pixels say, frame by frame. */
class VideoRoundTripTest {

    static final long START_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z, a whole second

    static long captureMicros(int frame) {
        return START_MICROS + frame * 1_000_000L / 30; // 33.3 ms apart
    }

    /** Draws and encodes {@code frames} pictures, asking for a keyframe before {@code keyframeAt}. */
    static List<EncodedVideoFrame> encode(int width, int height, int frames, int keyframeAt) {
        TestPattern pattern = new TestPattern(width, height);
        YuvFrame picture = new YuvFrame(width, height);
        List<EncodedVideoFrame> encoded = new ArrayList<>();
        try (H264Encoder encoder = H264Encoder.open(EncoderSettings.defaults(width, height, 30))) {
            for (int i = 0; i < frames; i++) {
                long micros = captureMicros(i);
                boolean flash = i % 30 == 0; // first frame at/after each whole second
                pattern.draw(picture, i, micros, flash);
                picture.index(i).captureMicros(micros).captureNanos(System.nanoTime()).flash(flash);
                if (i == keyframeAt) {
                    encoder.requestKeyframe();
                }
                encoder.encode(picture, encoded::add);
            }
        }
        return encoded;
    }

    @ParameterizedTest
    @CsvSource({"1280,720,90", "160,120,60", "1920,1080,24"})
    void burnedInCodeSurvivesEncodeAndDecode(int width, int height, int frames) {
        int keyframeAt = frames / 2 + 1;
        long t0 = System.nanoTime();
        List<EncodedVideoFrame> encoded = encode(width, height, frames, keyframeAt);
        long encodeNanos = System.nanoTime() - t0;
        List<PatternCode.Reading> readings = new ArrayList<>();
        List<Long> decodedPts = new ArrayList<>();
        long decodeNanos;
        try (H264Decoder decoder = new H264Decoder()) {
            assertThat(encoded).hasSize(frames);
            EncodedVideoFrame first = encoded.get(0);
            assertThat(first.keyframe()).isTrue();
            assertThat(first.sps()).isNotNull();
            assertThat(first.pps()).isNotNull();
            assertThat(encoded.get(keyframeAt).keyframe()).as("requested keyframe").isTrue();
            assertThat(encoded.get(keyframeAt).sps()).isNotNull();
            assertThat(encoded.get(keyframeAt - 1).keyframe()).isFalse();
            for (int i = 0; i < frames; i++) {
                assertThat(encoded.get(i).index()).isEqualTo(i);
                assertThat(encoded.get(i).captureMicros()).isEqualTo(captureMicros(i));
            }
            t0 = System.nanoTime();
            for (EncodedVideoFrame f : encoded) {
                boolean ok = decoder.decode(f.content(), f.pts90k(), d -> {
                    decodedPts.add(d.pts());
                    assertThat(d.isYuv420()).isTrue();
                    readings.add(PatternCode.read(d.plane(0), d.stride(0), d.width(), d.height()));
                });
                assertThat(ok).isTrue();
            }
            decodeNanos = System.nanoTime() - t0;
            assertThat(decoder.errors()).isZero();
            assertThat(decoder.decodedFrames()).isEqualTo(frames);
        } finally {
            encoded.forEach(EncodedVideoFrame::release);
        }
        assertThat(encoded).allSatisfy(f -> assertThat(f.refCnt()).isZero());
        System.out.printf("%dx%d: draw+encode %.2f ms/frame, decode+read %.2f ms/frame (cold JVM, no warm-up)%n",
                width, height, encodeNanos / 1e6 / frames, decodeNanos / 1e6 / frames);
        assertThat(readings).hasSize(frames);
        for (int i = 0; i < frames; i++) {
            assertThat(readings.get(i)).as("frame %d", i).isEqualTo(new PatternCode.Reading(i, captureMicros(i)));
        }
        assertThat(decodedPts).isSorted().doesNotHaveDuplicates();
    }
}
