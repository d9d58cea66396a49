package org.glasscast.protocol.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RtspUrlTest {
    @Test
    void credentialsAreTakenOffTheUrlAndPercentDecoded() {
        RtspUrl u = RtspUrl.of(URI.create("rtsp://admin:p%40ss+w%3Ard@192.168.1.64:554/Streaming/Channels/101?transportmode=unicast"));
        assertThat(u.user()).isEqualTo("admin");
        assertThat(u.password()).isEqualTo("p@ss+w:rd");
        assertThat(u.withoutUserInfo()).hasToString("rtsp://192.168.1.64:554/Streaming/Channels/101?transportmode=unicast");
        assertThat(u.hasCredentials()).isTrue();
    }

    @Test
    void aUrlWithoutCredentialsIsKeptAsItIs() {
        RtspUrl u = RtspUrl.of(URI.create("rtsp://cam.local/live"));
        assertThat(u.hasCredentials()).isFalse();
        assertThat(u.withoutUserInfo()).hasToString("rtsp://cam.local/live");
        RtspUrl userOnly = RtspUrl.of(URI.create("rtsp://viewer@[::1]:8554/live"));
        assertThat(userOnly.user()).isEqualTo("viewer");
        assertThat(userOnly.password()).isEmpty();
        assertThat(userOnly.withoutUserInfo()).hasToString("rtsp://[::1]:8554/live");
    }

    @Test
    void printedUrlsNeverShowThePassword() {
        assertThat(RtspUrl.redacted("rtsp://admin:secret@cam:554/live")).isEqualTo("rtsp://admin:***@cam:554/live");
        assertThat(RtspUrl.redacted("rtsp://admin:secret@cam")).isEqualTo("rtsp://admin:***@cam");
        assertThat(RtspUrl.redacted("rtsp://admin:12/34@cam/live")).isEqualTo("rtsp://admin:***@cam/live");
        assertThat(RtspUrl.redacted("rtsps://admin:p@ss@cam/live")).isEqualTo("rtsps://admin:***@cam/live");
        assertThat(RtspUrl.redacted("rtsp://cam:554/live")).isEqualTo("rtsp://cam:554/live");
        assertThat(RtspUrl.redacted("rtsp://admin@cam/live")).isEqualTo("rtsp://admin@cam/live");
        assertThat(RtspUrl.redacted("stream.sdp")).isEqualTo("stream.sdp");
    }
}
