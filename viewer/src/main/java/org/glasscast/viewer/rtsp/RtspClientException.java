package org.glasscast.viewer.rtsp;

import java.io.IOException;
import org.glasscast.protocol.net.ConnectFailure;

/** An RTSP exchange that failed; the message is one line a user can act on. */
public final class RtspClientException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the connection could not be made, when that is what failed; otherwise null. */
    private final transient ConnectFailure connectFailure;
    /** Asking again cannot help (a refused log-in, a way of logging in we do not speak). */
    private final boolean permanent;

    public RtspClientException(String message) {
        this(message, null);
    }

    public RtspClientException(String message, ConnectFailure connectFailure) {
        this(message, connectFailure, false);
    }

    private RtspClientException(String message, ConnectFailure connectFailure, boolean permanent) {
        super(message);
        this.connectFailure = connectFailure;
        this.permanent = permanent;
    }

    /** A failure that asking again will not mend: a viewer waiting for its stream gives up on it. */
    public static RtspClientException permanent(String message) {
        return new RtspClientException(message, null, true);
    }

    /** Whether asking again cannot help (see {@link #permanent(String)}). */
    public boolean isPermanent() {
        return permanent;
    }

    /** Why connecting failed (a caller that retries compares causes), or null when the failure came later. */
    public ConnectFailure connectFailure() {
        return connectFailure;
    }
}
