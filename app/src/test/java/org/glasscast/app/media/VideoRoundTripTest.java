package org.glasscast.app.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.sender.media.EncodedVideoFrame;
import org.glasscast.sender.media.EncoderSettings;
import org.glasscast.sender.media.H264Encoder;
import org.glasscast.sender.media.TestPattern;
import org.glasscast.sender.media.YuvFrame;
import org.glasscast.viewer.media.H264Decoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Test pattern → libx264 → FFmpeg h264 → burned-in code: what the pixels say, frame by frame. */
class VideoRoundTripTest {

    private static final long START_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    @ParameterizedTest
    @CsvSource({"1280,720,90", "160,120,60", "1920,1080,30"})
    void burnedInCodeSurvivesEncodeAndDecode(int width, int height, int frames) {
        TestPattern pattern = new TestPattern(width, height);
        YuvFrame picture = new YuvFrame(width, height);
        List<PatternCode.Reading> readings = new ArrayList<>();
        List<Long> decodedPts = new ArrayList<>();
        List<EncodedVideoFrame> encoded = new ArrayList<>();
        long encodeNanos = 0;
        long decodeNanos = 0;
        try (H264Encoder encoder = H264Encoder.open(EncoderSettings.defaults(width, height, 30));
                H264Decoder decoder = new H264Decoder()) {
            for (int i = 0; i < frames; i++) {
                long micros = START_MICROS + i * 1_000_000L / 30;
                pattern.draw(picture, i, micros, micros % 1_000_000 < 1_000_000 / 30);
                picture.index(i).captureMicros(micros).captureNanos(System.nanoTime());
                long t0 = System.nanoTime();
                encoder.encode(picture, encoded::add);
                encodeNanos += System.nanoTime() - t0;
            }
            assertThat(encoder.encodedFrames()).isEqualTo(frames);
            for (EncodedVideoFrame f : encoded) {
                long t0 = System.nanoTime();
                boolean ok = decoder.decode(f.content(), f.pts90k(), d -> {
                    decodedPts.add(d.pts());
                    readings.add(PatternCode.read(d.plane(0), d.stride(0), d.width(), d.height()));
                });
                decodeNanos += System.nanoTime() - t0;
                assertThat(ok).isTrue();
            }
            assertThat(decoder.errors()).isZero();
        } finally {
            encoded.forEach(EncodedVideoFrame::release);
        }
        System.out.printf("%dx%d: encode %.2f ms/frame, decode %.2f ms/frame, %d bytes first frame%n", width, height,
                encodeNanos / 1e6 / frames, decodeNanos / 1e6 / frames, 0);
        assertThat(readings).hasSize(frames);
        for (int i = 0; i < frames; i++) {
            assertThat(readings.get(i)).as("frame %d", i)
                    .isEqualTo(new PatternCode.Reading(i, START_MICROS + i * 1_000_000L / 30));
        }
        assertThat(decodedPts).isSorted();
    }
}
