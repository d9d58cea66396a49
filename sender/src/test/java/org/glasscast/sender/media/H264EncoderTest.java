package org.glasscast.sender.media;

import org.glasscast.media.YuvFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264EncoderTest {

    private static final long SECOND = 1_767_225_600_000_000L;

    @Test
    void unknownEncoderFailsLoudlyNamingIt() {
        EncoderSettings settings = EncoderSettings.defaults(320, 240, 30).withEncoderName("libdoesnotexist");
        assertThatThrownBy(() -> H264Encoder.open(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'libdoesnotexist'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void keyframesCarryParameterSetsAndComeOnRequest() {
        List<EncodedVideoFrame> out = new ArrayList<>();
        TestPattern pattern = new TestPattern(320, 240);
        YuvFrame f = new YuvFrame(320, 240);
        try (H264Encoder encoder = H264Encoder.open(EncoderSettings.defaults(320, 240, 30))) {
            for (int i = 0; i < 90; i++) {
                long micros = SECOND + i * 33_333L;
                pattern.draw(f, i, micros, false);
                f.index(i).captureMicros(micros);
                if (i == 10 || i == 25) {
                    encoder.requestKeyframe();
                }
                encoder.encode(f, out::add);
                assertThat(out).as("one packet per picture").hasSize(i + 1);
            }
            assertThat(encoder.encodedFrames()).isEqualTo(90);
        }
        try {
            List<Long> keyframes = new ArrayList<>();
            for (EncodedVideoFrame e : out) {
                assertThat(e.captureMicros()).isEqualTo(SECOND + e.index() * 33_333L);
                if (e.keyframe()) {
                    keyframes.add(e.index());
                    assertThat(e.sps()).as("SPS in keyframe %d", e.index()).isNotNull();
                    assertThat(e.pps()).as("PPS in keyframe %d", e.index()).isNotNull();
                    assertThat(e.sps()[0] & 0x1f).isEqualTo(7);
                }
            }
            assertThat(keyframes).containsExactly(0L, 10L, 25L, 85L); // the 60-frame GOP restarts at each IDR
            assertThat(out).extracting(EncodedVideoFrame::index).isSorted();
        } finally {
            out.forEach(EncodedVideoFrame::release);
        }
    }

    @Test
    void ptsStaysStrictlyIncreasingWhenCaptureTimesRepeat() {
        List<EncodedVideoFrame> out = new ArrayList<>();
        YuvFrame f = new YuvFrame(160, 120);
        TestPattern pattern = new TestPattern(160, 120);
        try (H264Encoder encoder = H264Encoder.open(EncoderSettings.defaults(160, 120, 30))) {
            for (int i = 0; i < 5; i++) {
                pattern.draw(f, i, SECOND, false);
                encoder.encode(f.index(i).captureMicros(SECOND), out::add);
            }
        }
        try {
            assertThat(out).extracting(EncodedVideoFrame::pts90k)
                    .containsExactly(SECOND * 9 / 100, SECOND * 9 / 100 + 1, SECOND * 9 / 100 + 2,
                            SECOND * 9 / 100 + 3, SECOND * 9 / 100 + 4);
            assertThat(out).extracting(EncodedVideoFrame::index).containsExactly(0L, 1L, 2L, 3L, 4L);
        } finally {
            out.forEach(EncodedVideoFrame::release);
        }
    }
}
