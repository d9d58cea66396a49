package org.glasscast.sender.source;

import java.io.IOException;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.SenderConfig;

/** Opens the video and audio sources a {@link SenderConfig} names. */
public final class Sources {
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
     * The video source of {@code --source}, delivering at {@code --size}.
     *
     * @throws IOException when it cannot be opened (a missing display, device or file), one line
     */
    public static VideoSource video(SenderConfig config, MediaClock clock) throws IOException {
        String kind = kind(config.source());
        if ("test".equals(kind)) {
            return new TestPatternSource(clock, config.width(), config.height());
        }
        throw new IOException("--source " + config.source() + ": " + kind + " sources are not in this build yet");
    }

    /** The audio source of {@code --audio}, or null for {@code none}. */
    public static AudioSource audio(SenderConfig config, MediaClock clock) throws IOException {
        if (!config.audioEnabled()) {
            return null;
        }
        if ("test".equals(config.audio())) {
            return new ToneSource(clock);
        }
        throw new IOException("--audio " + config.audio() + ": audio devices are not in this build yet");
    }
}
