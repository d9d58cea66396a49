package org.glasscast.sender.source.ffmpeg;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FfmpegInputErrorsTest {

    @Test
    void missingFileIsNamedInOneLine() {
        assertThatThrownBy(() -> FfmpegInput.open(null, "nope.mp4", Map.of(), false))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot open file:nope.mp4: No such file or directory");
    }

    @Test
    void missingCameraIsNamedInOneLine() {
        assertThatThrownBy(() -> FfmpegInput.open("v4l2", "/dev/video9", Map.of(), true))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open camera /dev/video9: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unreachableUrlFailsInsteadOfHanging() {
        // nothing listens on port 9 of loopback: refused at once
        assertThatThrownBy(() -> FfmpegInput.open(null, "rtsp://127.0.0.1:9/live", Map.of(), true))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open rtsp://127.0.0.1:9/live: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unknownProtocolIsNamed() {
        assertThatThrownBy(() -> FfmpegInput.open(null, "nosuch://x/y", Map.of(), true))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open nosuch://x/y: ");
    }

    @Test
    void silentUdpPortTimesOut() {
        // a UDP input with no sender waits for data: the 5 s read timeout ends it
        assertThatThrownBy(() -> FfmpegInput.open(null, "udp://127.0.0.1:" + FfmpegUrlSourceTest.freeUdpPort(),
                Map.of("rw_timeout", "1000000"), true))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot open udp://127.0.0.1:");
    }
}
