package org.glasscast.viewer.audio;

import java.io.IOException;

/** The audio output cannot be opened; the message is one line for the user. */
public final class AudioOutputException extends IOException {
    public AudioOutputException(String message) {
        super(message);
    }
}
