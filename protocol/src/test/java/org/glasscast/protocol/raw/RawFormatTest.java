package org.glasscast.protocol.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.glasscast.protocol.sdp.MediaDescription;
import org.glasscast.protocol.sdp.SdpParser;
import org.glasscast.protocol.sdp.SdpWriter;
import org.glasscast.protocol.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

class RawFormatTest {
    private static MediaDescription media(String fmtp) {
        return SdpParser.parse(String.join("\r\n", "v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "m=video 5000 RTP/AVP 96", "a=rtpmap:96 raw/90000", "a=fmtp:96 " + fmtp, "")).video().orElseThrow();
    }

    @Test
    void layoutOf420() {
        RawFormat f = RawFormat.of(RawSampling.YCBCR_420, 160, 120);
        assertThat(f.pgroupBytes()).isEqualTo(6);
        assertThat(f.pgroupPixels()).isEqualTo(2);
        assertThat(f.pgroupLines()).isEqualTo(2);
        assertThat(f.lineCount()).isEqualTo(60);
        assertThat(f.lineBytes()).isEqualTo(480);
        assertThat(f.lineBytes(10)).isEqualTo(30);
        assertThat(f.frameBytes()).isEqualTo(160 * 120 * 3 / 2);
        assertThat(f.planeOffset(1)).isEqualTo(160 * 120);
        assertThat(f.planeOffset(2)).isEqualTo(160 * 120 + 80 * 60);
        assertThat(f.planeStride(2)).isEqualTo(80);
    }

    @Test
    void layoutOfRgb() {
        RawFormat f = RawFormat.of(RawSampling.RGB, 7, 3);
        assertThat(f.pgroupBytes()).isEqualTo(3);
        assertThat(f.pgroupPixels()).isEqualTo(1);
        assertThat(f.lineBytes()).isEqualTo(21);
        assertThat(f.frameBytes()).isEqualTo(63);
        assertThat(f.planeCount()).isEqualTo(1);
    }

    @Test
    void fmtpInRfcOrder() {
        assertThat(RawFormat.of(RawSampling.YCBCR_420, 160, 120).fmtp()).containsExactly(
                Map.entry("sampling", "YCbCr-4:2:0"), Map.entry("width", "160"), Map.entry("height", "120"),
                Map.entry("depth", "8"), Map.entry("colorimetry", "BT601-5"));
    }

    @Test
    void sdpRoundTrip() {
        RawFormat format = RawFormat.of(RawSampling.YCBCR_420, 1280, 720);
        MediaDescription m = new MediaDescription("video", 0, "RTP/AVP", 96, RawFormat.ENCODING_NAME,
                RawFormat.CLOCK_RATE, 0, format.fmtp(), "trackID=0", Map.of(), null);
        String sdp = SdpWriter.write(new SessionDescription("127.0.0.1", "glasscast", null, "*", List.of(m)));
        assertThat(sdp).contains("a=rtpmap:96 raw/90000",
                "a=fmtp:96 sampling=YCbCr-4:2:0;width=1280;height=720;depth=8;colorimetry=BT601-5");
        assertThat(RawFormat.fromSdp(SdpParser.parse(sdp).video().orElseThrow())).isEqualTo(format);
    }

    @Test
    void readsTheRfcStyleWithSpaces() {
        assertThat(RawFormat.fromSdp(media("sampling=RGB; width=320; height=240; depth=8; colorimetry=BT709-2")))
                .isEqualTo(RawFormat.of(RawSampling.RGB, 320, 240));
    }

    @Test
    void refusesWhatWeDoNotCarry() {
        assertThatThrownBy(() -> RawFormat.fromSdp(media("sampling=YCbCr-4:2:2; width=2; height=2; depth=8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("raw video sampling YCbCr-4:2:2 not supported");
        assertThatThrownBy(() -> RawFormat.fromSdp(media("sampling=RGB; width=2; height=2; depth=10")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("raw video depth 10 not supported (only 8)");
        assertThatThrownBy(() -> RawFormat.fromSdp(media("sampling=RGB; width=2; depth=8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("raw video fmtp has no height");
        assertThatThrownBy(() -> RawFormat.fromSdp(media("sampling=YCbCr-4:2:0; width=3; height=2; depth=8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid for YCbCr-4:2:0");
        assertThatThrownBy(() -> RawFormat.fromSdp(media("sampling=RGB; width=2; height=2; depth=8; interlace")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interlaced raw video not supported");
    }
}
