package org.glasscast.viewer.rtp;

import io.netty.buffer.ByteBuf;
import org.glasscast.protocol.rtp.RtpHeader;

/**
 * The first stage of a track's receive path: a valid RTP header of the track's payload type, from
 * the track's source. It locks onto the first source; another one is foreign unless it persists
 * for {@value #SWITCH_PACKETS} packets (a restarted sender), or comes after its predecessor's BYE,
 * when it is taken at once. Event loop only.
 */
final class SourceFilter {
    /** Packets in a row from a new SSRC before it is taken as the stream's (a restarted sender). */
    static final int SWITCH_PACKETS = 32;

    private final int payloadType;
    private long mediaSsrc = -1;
    private long candidateSsrc = -1;
    private int candidateCount;
    private boolean goodbyeSeen;

    SourceFilter(int payloadType) {
        this.payloadType = payloadType;
    }

    /** Whether {@code packet} belongs to the track (the caller counts the rest as malformed). */
    boolean accept(ByteBuf packet) {
        return RtpHeader.isValid(packet) && RtpHeader.payloadType(packet) == payloadType
                && acceptSource(RtpHeader.ssrc(packet));
    }

    private boolean acceptSource(long ssrc) {
        if (mediaSsrc < 0 || ssrc == mediaSsrc || goodbyeSeen) {
            mediaSsrc = ssrc;
            candidateCount = 0;
            goodbyeSeen = false;
            return true;
        }
        if (ssrc != candidateSsrc) {
            candidateSsrc = ssrc;
            candidateCount = 0;
        }
        if (++candidateCount < SWITCH_PACKETS) {
            return false;
        }
        mediaSsrc = ssrc;
        candidateCount = 0;
        return true;
    }

    /** An RTCP BYE for {@code ssrcs}: true when it is the track's source saying goodbye. */
    boolean goodbye(java.util.List<Long> ssrcs) {
        if (mediaSsrc >= 0 && ssrcs.contains(mediaSsrc)) {
            goodbyeSeen = true;
            return true;
        }
        return false;
    }

    /** The source the track is locked onto, -1 before the first packet. */
    long mediaSsrc() {
        return mediaSsrc;
    }
}
