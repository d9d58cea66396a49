package org.glasscast.viewer.record;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** A recording failed (cannot open, write or finish a file); the message is one line for the user. */
final class RecordingException extends IOException {
    RecordingException(String message) {
        super(message);
    }

    /** From a Java file-system failure, worded as FFmpeg's are ("Permission denied"). */
    static RecordingException of(IOException e) {
        if (e instanceof AccessDeniedException) {
            return new RecordingException("Permission denied");
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return new RecordingException(fs.getReason());
        }
        return new RecordingException(String.valueOf(e.getMessage()));
    }
}
