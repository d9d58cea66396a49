package org.glasscast.protocol.rtcp;

/**
 * One FCI entry of a full intra request: which source is asked for a decoder refresh point.
 *
 * <pre>
 * |                              SSRC                             |
 * | Seq nr.       |    Reserved                                   |
 * </pre>
 *
 * @param ssrc the media sender asked for the keyframe
 * @param sequenceNumber command sequence number, 0..255, increased by one per new request (not per repetition)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1.1">RFC 5104 §4.3.1.1</a>
 */
public record FirEntry(long ssrc, int sequenceNumber) implements FciEntry {
    /** Bytes on the wire. */
    public static final int LENGTH = 8;

    public FirEntry {
        Fields.checkUnsigned32("ssrc", ssrc);
        if (sequenceNumber < 0 || sequenceNumber > 255) {
            throw new IllegalArgumentException("FIR sequence number not in 0..255: " + sequenceNumber);
        }
    }
}
