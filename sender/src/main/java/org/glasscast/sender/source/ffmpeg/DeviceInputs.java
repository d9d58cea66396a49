package org.glasscast.sender.source.ffmpeg;

import org.glasscast.sender.source.FfmpegInputSpec;
import java.util.Locale;
import java.util.Map;

/**
 * Our spellings of cameras and sound devices ({@code --source camera[:DEVICE]},
 * {@code --audio default|monitor|NAME}) as FFmpeg inputs, per operating system: Linux v4l2,
 * PulseAudio and ALSA; Windows dshow; macOS avfoundation. Pure functions.
 */
public final class DeviceInputs {
    /** PulseAudio's name for the default sink's monitor: what the machine plays. */
    public static final String PULSE_DEFAULT_MONITOR = "@DEFAULT_MONITOR@";

    private DeviceInputs() {
    }

    /** The operating systems we map devices for. */
    public enum Os {
        LINUX, WINDOWS, MAC;

        /** The OS this JVM runs on (anything not Windows or macOS is treated as Linux). */
        public static Os current() {
            String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            if (name.startsWith("windows")) {
                return WINDOWS;
            }
            return name.startsWith("mac") || name.contains("darwin") ? MAC : LINUX;
        }
    }

    /**
     * A camera: {@code device} is null or empty for the first one, an index ("1"), or the OS's
     * name for it (Linux "/dev/video2", Windows "Integrated Webcam", macOS "FaceTime HD Camera").
     *
     * @throws IllegalArgumentException when the OS needs a name we were not given
     */
    public static FfmpegInputSpec camera(Os os, String device) {
        boolean none = device == null || device.isBlank();
        boolean index = !none && device.chars().allMatch(Character::isDigit);
        return switch (os) {
            case LINUX -> new FfmpegInputSpec("v4l2",
                    none ? "/dev/video0" : index ? "/dev/video" + device : device, Map.of());
            case WINDOWS -> {
                if (none || index) {
                    throw new IllegalArgumentException(
                            "on Windows name the camera: camera:NAME (see `glasscast devices`)");
                }
                yield new FfmpegInputSpec("dshow", "video=" + device, Map.of("rtbufsize", "16M"));
            }
            case MAC -> new FfmpegInputSpec("avfoundation", (none ? "0" : device) + ":none",
                    Map.of("framerate", "30"));
        };
    }

    /**
     * A sound input: "default" (the default microphone/source), "monitor" (what the machine plays;
     * PulseAudio only), "alsa:DEVICE" (Linux ALSA, e.g. "alsa:hw:0"), or a device name of the OS
     * (a PulseAudio source such as "vsink.monitor", a dshow device, an avfoundation index).
     *
     * @throws IllegalArgumentException when the OS cannot capture that spelling
     */
    public static FfmpegInputSpec audio(Os os, String spelling) {
        if (spelling == null || spelling.isBlank()) {
            throw new IllegalArgumentException("name an audio input: default, monitor or a device");
        }
        boolean monitor = spelling.equals("monitor");
        return switch (os) {
            case LINUX -> {
                if (spelling.startsWith("alsa:")) {
                    yield new FfmpegInputSpec("alsa", spelling.substring("alsa:".length()), Map.of());
                }
                // 10 ms fragments: the server's default buffer would add up to two seconds
                yield new FfmpegInputSpec("pulse", monitor ? PULSE_DEFAULT_MONITOR : spelling,
                        Map.of("sample_rate", "48000", "channels", "2", "fragment_size", "1920"));
            }
            case WINDOWS -> {
                if (monitor || spelling.equals("default")) {
                    throw new IllegalArgumentException("on Windows name the audio device: --audio NAME"
                            + (monitor ? " (a loopback device such as \"Stereo Mix\")" : "")
                            + " (see `glasscast devices`)");
                }
                yield new FfmpegInputSpec("dshow", "audio=" + spelling, Map.of());
            }
            case MAC -> {
                if (monitor) {
                    throw new IllegalArgumentException(
                            "macOS cannot capture what it plays without a loopback driver (e.g. BlackHole): --audio NAME");
                }
                yield new FfmpegInputSpec("avfoundation", ":" + (spelling.equals("default") ? "0" : spelling),
                        Map.of());
            }
        };
    }

    /**
     * A video source spelling other than test and screen: "camera[:DEVICE]", "file:PATH" or any
     * FFmpeg URL (format null: FFmpeg guesses).
     */
    public static FfmpegInputSpec video(Os os, String source) {
        if (source.equals("camera")) {
            return camera(os, null);
        }
        if (source.startsWith("camera:")) {
            return camera(os, source.substring("camera:".length()));
        }
        if (source.startsWith("file:")) {
            return new FfmpegInputSpec(null, source.substring("file:".length()), Map.of());
        }
        return new FfmpegInputSpec(null, source, Map.of());
    }

    /** Whether a {@link #video} spelling names something that runs in real time (camera, URL), not a file. */
    public static boolean live(String source) {
        return !source.startsWith("file:") && (source.startsWith("camera") || source.contains("://"));
    }
}
