package org.glasscast.protocol.sdp;

/** SDP text that cannot be read as a session: one line saying why. */
public final class SdpException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
