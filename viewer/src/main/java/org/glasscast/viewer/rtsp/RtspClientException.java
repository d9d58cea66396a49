package org.glasscast.viewer.rtsp;

import java.io.IOException;

/** An RTSP exchange that failed; the message is one line a user can act on. */
public final class RtspClientException extends IOException {
    private static final long serialVersionUID = 1L;

    public RtspClientException(String message) {
        super(message);
    }
}
