package org.glasscast.sender.source;

import java.io.IOException;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.SenderConfig;

/** Opens the video and audio sources a {@link SenderConfig} names. */
public final class Sources {
    private Sources() {
    }

    /**
     * The video source of {@code --source}, delivering at {@code --size}.
     *
     * @throws IOException when it cannot be opened (a missing display, device or file), one line
     */
    public static VideoSource video(SenderConfig config, MediaClock clock) throws IOException {
        if ("test".equals(config.source())) {
            return new TestPatternSource(clock, config.width(), config.height());
        }
        throw new IllegalArgumentException("unknown source '" + config.source() + "'");
    }

    /** The audio source of {@code --audio}, or null for {@code none}. */
    public static AudioSource audio(SenderConfig config, MediaClock clock) throws IOException {
        if (!config.audioEnabled()) {
            return null;
        }
        if ("test".equals(config.audio())) {
            return new ToneSource(clock);
        }
        throw new IllegalArgumentException("unknown audio source '" + config.audio() + "'");
    }
}
