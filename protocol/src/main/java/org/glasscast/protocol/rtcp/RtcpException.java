package org.glasscast.protocol.rtcp;

import io.netty.handler.codec.DecoderException;

/** An RTCP compound packet that is structurally broken: wrong version, truncated, lengths that overrun. */
public final class RtcpException extends DecoderException {
    private static final long serialVersionUID = 1L;

    public RtcpException(String message) {
        super(message);
    }
}
