package org.glasscast.protocol.rtp;

/**
 * 16-bit RTP sequence number arithmetic with wrap-around, in one place.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1">RFC 3550 A.1</a>
 */
public final class RtpSequenceNumber {
    public static final int MODULUS = 1 << 16;

    private RtpSequenceNumber() {
    }

    /** Signed distance {@code a - b} in [-32768, 32767]: positive when a is after b. */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** Whether a comes after b (half the number space ahead counts as after). */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    /** The number after seq, wrapping at 65536. */
    public static int next(int seq) {
        return (seq + 1) & 0xFFFF;
    }
}
