package org.glasscast.sender.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.SenderConfig;
import org.glasscast.sender.source.ffmpeg.DeviceInputs;
import org.glasscast.sender.source.ffmpeg.Devices;
import org.glasscast.sender.source.ffmpeg.FfmpegAudioSource;
import org.glasscast.sender.source.ffmpeg.FfmpegInput;
import org.glasscast.sender.source.ffmpeg.FfmpegVideoSource;
import org.glasscast.sender.source.screen.ScreenInputs;
import org.glasscast.sender.source.screen.ScreenSource;
import org.glasscast.sender.source.screen.ScreenSpec;
import org.glasscast.sender.source.screen.X11Display;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the video and audio sources a {@link SenderConfig} names. */
public final class Sources {
    private static final Logger log = LoggerFactory.getLogger(Sources.class);
    /** {@code --audio} spelling: the audio track of a file or URL source if it has one, else none. */
    public static final String AUTO = "auto";
    /** {@code --audio} spelling: the audio track of the file or URL source (an error if it has none). */
    public static final String SOURCE = "source";

    /** What was opened; {@code audio} is null when there is no sound to send. */
    public record Opened(VideoSource video, AudioSource audio) {
    }

    private Sources() {
    }

    /**
     * The kind of a {@code --source} spelling: test, screen, camera, file or url; null when it is
     * none of them.
     */
    public static String kind(String source) {
        if (source.equals("test")) {
            return "test";
        }
        if (source.equals("screen") || source.startsWith("screen:") || source.startsWith("screen@")) {
            return "screen";
        }
        if (source.equals("camera") || source.startsWith("camera:")) {
            return "camera";
        }
        if (source.startsWith("file:")) {
            return "file";
        }
        if (source.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.+")) {
            return "url";
        }
        return null;
    }

    /**
     * Opens {@code --source} (delivering at most {@code --size}, aspect kept) and {@code --audio}.
     *
     * @throws IOException when either cannot be opened (a missing display, device or file), one line
     */
    public static Opened open(SenderConfig config, MediaClock clock) throws IOException {
        String kind = kind(config.source());
        if (kind == null) {
            throw new IllegalArgumentException("unknown --source '" + config.source() + "'");
        }
        FfmpegInput input = null;
        VideoSource video;
        switch (kind) {
            case "test" -> video = new TestPatternSource(clock, config.width(), config.height());
            case "screen" -> video = screen(config, clock);
            default -> {
                input = FfmpegInput.open(DeviceInputs.video(DeviceInputs.Os.current(), config.source()),
                        DeviceInputs.live(config.source()));
                try {
                    video = new FfmpegVideoSource(clock, input, config.width(), config.height(), config.loop());
                } catch (RuntimeException e) {
                    input.close();
                    throw e;
                }
            }
        }
        try {
            return new Opened(video, audio(config, clock, input));
        } catch (IOException | RuntimeException e) {
            video.close();
            throw e;
        }
    }

    /** The monitors of this machine's X display that --source can capture, as device entries. */
    public static List<Devices.Device> screens() {
        List<Devices.Device> out = new ArrayList<>();
        if (System.getenv("DISPLAY") == null) {
            return out;
        }
        try (X11Display display = X11Display.open()) {
            for (X11Display.Monitor m : display.monitors()) {
                out.add(new Devices.Device("screen", "screen:" + m.index(),
                        m.name() + " " + m.geometry() + " on " + display.name()
                                + (display.hasShm() ? "" : " (no MIT-SHM: captured with x11grab)")));
            }
        } catch (IOException | RuntimeException e) {
            log.debug("no screens: {}", e.getMessage());
        }
        return out;
    }

    /** Why {@link #screens()} found none, in a few words for a user: no DISPLAY, or the display's error. */
    public static String whyNoScreens() {
        if (System.getenv("DISPLAY") == null) {
            return "DISPLAY is not set: no X display in this session (over ssh: ssh -X, or DISPLAY=:0)";
        }
        try (X11Display display = X11Display.open()) {
            return "X display " + display.name() + " reports no monitor";
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }

    /**
     * A monitor or region of the X display: MIT-SHM when the server has it, else FFmpeg's x11grab
     * of the same rectangle.
     */
    private static VideoSource screen(SenderConfig config, MediaClock clock) throws IOException {
        ScreenSpec spec = ScreenSpec.parse(config.source());
        boolean shm;
        ScreenSpec.Region absolute;
        String displayName;
        try (X11Display display = X11Display.open()) {
            shm = display.hasShm();
            displayName = display.name();
            X11Display.Monitor m = display.monitor(spec.monitor());
            ScreenSpec.Region r = spec.region() != null ? spec.region()
                    : new ScreenSpec.Region(0, 0, m.width(), m.height());
            absolute = new ScreenSpec.Region(m.x() + r.x(), m.y() + r.y(), r.width(), r.height());
        }
        if (shm) {
            return new ScreenSource(clock, spec, config.width(), config.height(), config.cursor());
        }
        log.warn("{} has no MIT-SHM; capturing with FFmpeg's x11grab (slower)", displayName);
        FfmpegInputSpec x11grab = ScreenInputs.x11grab(displayName, absolute, config.fps(), config.cursor());
        FfmpegInput input = FfmpegInput.open(x11grab.format(), x11grab.url(), x11grab.options(), true);
        try {
            return new FfmpegVideoSource(clock, input, config.width(), config.height(), false);
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private static AudioSource audio(SenderConfig config, MediaClock clock, FfmpegInput input) throws IOException {
        String audio = config.audio();
        if ("none".equals(audio)) {
            return null;
        }
        if ("test".equals(audio)) {
            return new ToneSource(clock);
        }
        if (AUTO.equals(audio) || SOURCE.equals(audio)) {
            if (input != null && input.hasAudio()) {
                return new FfmpegAudioSource(clock, input);
            }
            if (SOURCE.equals(audio)) {
                throw new IOException("--audio source: " + config.source() + " has no audio track");
            }
            return null;
        }
        return FfmpegAudioSource.openDevice(clock, audio, Map.of());
    }
}
