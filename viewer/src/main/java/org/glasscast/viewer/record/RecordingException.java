package org.glasscast.viewer.record;

import java.io.IOException;

/** A recording failed (cannot open, write or finish a file); the message is one line for the user. */
final class RecordingException extends IOException {
    RecordingException(String message) {
        super(message);
    }
}
