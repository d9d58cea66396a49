package org.glasscast.sender.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EncoderSettingsTest {

    @Test
    void defaultsScaleWithPixelRate() {
        assertThat(EncoderSettings.defaults(1280, 720, 30))
                .isEqualTo(new EncoderSettings(1280, 720, 30, 4000, 60, "libx264"));
        assertThat(EncoderSettings.defaults(1920, 1080, 30).bitrateKbps()).isEqualTo(9000);
        assertThat(EncoderSettings.defaults(1280, 720, 60).bitrateKbps()).isEqualTo(8000);
        assertThat(EncoderSettings.defaults(160, 120, 30).bitrateKbps()).isEqualTo(300);
        assertThat(EncoderSettings.defaults(160, 120, 15).keyframeIntervalFrames()).isEqualTo(30);
    }

    @Test
    void blankEncoderNameMeansLibx264() {
        assertThat(new EncoderSettings(640, 360, 30, 1000, 60, null).encoderName()).isEqualTo("libx264");
    }

    @Test
    void oddSizeIsRejected() {
        assertThatThrownBy(() -> EncoderSettings.defaults(641, 360, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("641x360");
    }
}
