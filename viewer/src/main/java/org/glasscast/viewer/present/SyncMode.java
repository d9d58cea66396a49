package org.glasscast.viewer.present;

import java.util.Locale;

/** What the picture is timed against ({@code view --sync}). */
public enum SyncMode {
    /** The picture follows the sound: held while the sound is more than 45 ms behind it (ffplay's default). */
    AUDIO,
    /** The picture is shown as soon as it is decoded, and the sound is held back when it would lead it. */
    VIDEO,
    /** Each as soon as it is decoded: the lowest latency for both, however far apart they are. */
    OFF;

    /** "audio", "video" or "off", any case. */
    public static SyncMode parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
