package org.glasscast.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

class FfmpegTest {
    @Test
    void theGplBuildHasTheCodecsWeNeed() {
        assertThat(Ffmpeg.encoder("libx264", "video").name().getString()).isEqualTo("libx264");
        assertThat(Ffmpeg.encoder("libopus", "audio").name().getString()).isEqualTo("libopus");
        assertThat(Ffmpeg.decoder("h264", "video").name().getString()).isEqualTo("h264");
    }

    @Test
    void aMissingCodecIsNamedNotReplaced() {
        assertThatThrownBy(() -> Ffmpeg.encoder("libdoesnotexist", "video"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("video encoder 'libdoesnotexist' is not in this FFmpeg build");
    }

    @Test
    void errorCodesReadAsOneLine() {
        assertThat(Ffmpeg.describe(avutil.AVERROR_EOF)).isEqualTo("End of file (" + avutil.AVERROR_EOF + ")");
        assertThatThrownBy(() -> Ffmpeg.check(avutil.AVERROR_EOF, "reading")).hasMessageStartingWith("reading failed: End of file");
        assertThat(Ffmpeg.check(3, "x")).isEqualTo(3);
    }
}
