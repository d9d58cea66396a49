package org.glasscast.sender.source.ffmpeg;

import java.io.IOException;

/** Thrown by a read after {@link FfmpegInput#close}: the sources turn it into END. */
final class ClosedInputException extends IOException {
    ClosedInputException(String name) {
        super(name + " was closed");
    }
}
