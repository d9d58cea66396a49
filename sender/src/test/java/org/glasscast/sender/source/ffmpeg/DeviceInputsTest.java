package org.glasscast.sender.source.ffmpeg;

import org.glasscast.sender.source.FfmpegInputSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.glasscast.sender.source.ffmpeg.DeviceInputs.Os;
import org.junit.jupiter.api.Test;

class DeviceInputsTest {

    @Test
    void linuxCamerasAreV4l2Devices() {
        assertThat(DeviceInputs.video(Os.LINUX, "camera")).extracting(FfmpegInputSpec::format, FfmpegInputSpec::url)
                .containsExactly("v4l2", "/dev/video0");
        assertThat(DeviceInputs.video(Os.LINUX, "camera:2").url()).isEqualTo("/dev/video2");
        assertThat(DeviceInputs.video(Os.LINUX, "camera:/dev/v4l/by-id/usb-cam").url())
                .isEqualTo("/dev/v4l/by-id/usb-cam");
    }

    @Test
    void windowsCamerasAreDshowNames() {
        FfmpegInputSpec spec = DeviceInputs.video(Os.WINDOWS, "camera:Integrated Webcam");
        assertThat(spec.format()).isEqualTo("dshow");
        assertThat(spec.url()).isEqualTo("video=Integrated Webcam");
        assertThatThrownBy(() -> DeviceInputs.video(Os.WINDOWS, "camera"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("camera:NAME");
    }

    @Test
    void macCamerasAreAvfoundationIndexesWithoutAudio() {
        assertThat(DeviceInputs.video(Os.MAC, "camera").url()).isEqualTo("0:none");
        assertThat(DeviceInputs.video(Os.MAC, "camera:1")).extracting(FfmpegInputSpec::format, FfmpegInputSpec::url)
                .containsExactly("avfoundation", "1:none");
    }

    @Test
    void filesAndUrlsLetFfmpegGuess() {
        assertThat(DeviceInputs.video(Os.LINUX, "file:talk.mp4"))
                .extracting(FfmpegInputSpec::format, FfmpegInputSpec::url).containsExactly(null, "talk.mp4");
        assertThat(DeviceInputs.video(Os.LINUX, "rtsp://cam/live").url()).isEqualTo("rtsp://cam/live");
        assertThat(DeviceInputs.live("file:talk.mp4")).isFalse();
        assertThat(DeviceInputs.live("rtsp://cam/live")).isTrue();
        assertThat(DeviceInputs.live("camera:1")).isTrue();
    }

    @Test
    void linuxSoundIsPulseUnlessAlsaIsNamed() {
        assertThat(DeviceInputs.audio(Os.LINUX, "default"))
                .extracting(FfmpegInputSpec::format, FfmpegInputSpec::url).containsExactly("pulse", "default");
        assertThat(DeviceInputs.audio(Os.LINUX, "monitor").url()).isEqualTo("@DEFAULT_MONITOR@");
        assertThat(DeviceInputs.audio(Os.LINUX, "vsink.monitor").url()).isEqualTo("vsink.monitor");
        assertThat(DeviceInputs.audio(Os.LINUX, "monitor").options()).containsEntry("sample_rate", "48000");
        assertThat(DeviceInputs.audio(Os.LINUX, "alsa:hw:0"))
                .extracting(FfmpegInputSpec::format, FfmpegInputSpec::url).containsExactly("alsa", "hw:0");
    }

    @Test
    void windowsAndMacSound() {
        assertThat(DeviceInputs.audio(Os.WINDOWS, "Microphone (Realtek)").url()).isEqualTo("audio=Microphone (Realtek)");
        assertThatThrownBy(() -> DeviceInputs.audio(Os.WINDOWS, "monitor"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Stereo Mix");
        assertThat(DeviceInputs.audio(Os.MAC, "default")).extracting(FfmpegInputSpec::format, FfmpegInputSpec::url)
                .containsExactly("avfoundation", ":0");
        assertThat(DeviceInputs.audio(Os.MAC, "2").url()).isEqualTo(":2");
        assertThatThrownBy(() -> DeviceInputs.audio(Os.MAC, "monitor")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lowLatencyDefaultsYieldToTheCaller() {
        var rtsp = InputOptions.defaults(null, "rtsp://cam/live", true, java.util.Map.of());
        assertThat(rtsp).containsEntry("rtsp_transport", "tcp").containsEntry("fflags", "nobuffer")
                .containsEntry("probesize", "500000").containsKey("rw_timeout");
        assertThat(InputOptions.defaults(null, "rtsp://cam/live", true, java.util.Map.of("rtsp_transport", "udp")))
                .containsEntry("rtsp_transport", "udp");
        assertThat(InputOptions.defaults("v4l2", "/dev/video0", true, java.util.Map.of()))
                .containsEntry("probesize", "32").containsEntry("analyzeduration", "0").doesNotContainKey("rw_timeout");
        assertThat(InputOptions.defaults(null, "talk.mp4", false, java.util.Map.of())).isEmpty();
    }
}
