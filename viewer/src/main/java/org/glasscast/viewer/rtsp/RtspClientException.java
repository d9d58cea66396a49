package org.glasscast.viewer.rtsp;

import java.io.IOException;
import org.glasscast.protocol.net.ConnectFailure;

/** An RTSP exchange that failed; the message is one line a user can act on. */
public final class RtspClientException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the connection could not be made, when that is what failed; otherwise null. */
    private final transient ConnectFailure connectFailure;

    public RtspClientException(String message) {
        this(message, null);
    }

    public RtspClientException(String message, ConnectFailure connectFailure) {
        super(message);
        this.connectFailure = connectFailure;
    }

    /** Why connecting failed (a caller that retries compares causes), or null when the failure came later. */
    public ConnectFailure connectFailure() {
        return connectFailure;
    }
}
