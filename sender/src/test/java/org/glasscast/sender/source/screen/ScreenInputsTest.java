package org.glasscast.sender.source.screen;

import org.glasscast.sender.source.FfmpegInputSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScreenInputsTest {
    private static final ScreenSpec.Region REGION = new ScreenSpec.Region(100, 200, 1280, 720);

    @Test
    void x11grabRegion() {
        FfmpegInputSpec in = ScreenInputs.x11grab(":0", REGION, 30, true);
        assertThat(in.format()).isEqualTo("x11grab");
        assertThat(in.url()).isEqualTo(":0.0+100,200");
        assertThat(in.options()).containsExactly(Map.entry("draw_mouse", "1"), Map.entry("framerate", "30"),
                Map.entry("video_size", "1280x720"));
        assertThat(in.arguments()).containsExactly("-f", "x11grab", "-draw_mouse", "1", "-framerate", "30",
                "-video_size", "1280x720", "-i", ":0.0+100,200");
    }

    @Test
    void x11grabWholeScreenKeepsAGivenScreenNumber() {
        FfmpegInputSpec in = ScreenInputs.x11grab(":99.0", null, 60, false);
        assertThat(in.url()).isEqualTo(":99.0");
        assertThat(in.options()).containsExactly(Map.entry("draw_mouse", "0"), Map.entry("framerate", "60"));
        assertThat(ScreenInputs.x11grab("host:1", null, 60, false).url()).isEqualTo("host:1.0");
    }

    @Test
    void gdigrabRegion() {
        FfmpegInputSpec in = ScreenInputs.gdigrab(REGION, 30, true);
        assertThat(in.arguments()).containsExactly("-f", "gdigrab", "-draw_mouse", "1", "-framerate", "30",
                "-offset_x", "100", "-offset_y", "200", "-video_size", "1280x720", "-i", "desktop");
    }

    @Test
    void gdigrabWholeDesktop() {
        assertThat(ScreenInputs.gdigrab(null, 25, false).arguments())
                .containsExactly("-f", "gdigrab", "-draw_mouse", "0", "-framerate", "25", "-i", "desktop");
    }

    @Test
    void ddagrabIsALavfiFilterDownloadedToBgra() {
        FfmpegInputSpec in = ScreenInputs.ddagrab(1, REGION, 60, true);
        assertThat(in.format()).isEqualTo("lavfi");
        assertThat(in.url()).isEqualTo("ddagrab=output_idx=1:framerate=60:draw_mouse=1"
                + ":offset_x=100:offset_y=200:video_size=1280x720,hwdownload,format=bgra");
        assertThat(in.options()).isEmpty();
        assertThat(ScreenInputs.ddagrab(0, null, 30, false).url())
                .isEqualTo("ddagrab=output_idx=0:framerate=30:draw_mouse=0,hwdownload,format=bgra");
    }

    @Test
    void avfoundationScreenWithoutAudio() {
        FfmpegInputSpec in = ScreenInputs.avfoundation(2, 30, true);
        assertThat(in.arguments()).isEqualTo(List.of("-f", "avfoundation", "-capture_cursor", "1",
                "-framerate", "30", "-i", "2:none"));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> ScreenInputs.x11grab(":0", null, 0, false)).hasMessage("frame rate 0: must be 1..1000");
        assertThatThrownBy(() -> ScreenInputs.ddagrab(-1, null, 30, false)).hasMessageContaining("output index -1");
        assertThatThrownBy(() -> ScreenInputs.avfoundation(-1, 30, false)).hasMessageContaining("screen device index -1");
    }

    @Test
    void optionsCannotBeChangedAfterwards() {
        FfmpegInputSpec in = ScreenInputs.gdigrab(null, 30, false);
        assertThatThrownBy(() -> in.options().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
