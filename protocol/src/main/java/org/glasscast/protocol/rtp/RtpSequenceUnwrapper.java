package org.glasscast.protocol.rtp;

/**
 * Extends 16-bit sequence numbers to 64 bits (cycles * 65536 + seq), monotonic across wraps.
 *
 * <p>Each number is placed nearest to the highest one seen, so a packet reordered across a wrap
 * (65535 arriving after 0) lands in the previous cycle. The first number seen starts cycle 0, so a
 * packet reordered to before it across a wrap can come out negative. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1">RFC 3550 A.1</a>
 */
public final class RtpSequenceUnwrapper {
    private long highestExtended;
    private boolean started;

    /** The extended sequence number of {@code seq} (only its low 16 bits are used). */
    public long unwrap(int seq) {
        int seq16 = seq & 0xFFFF;
        if (!started) {
            started = true;
            highestExtended = seq16;
            return seq16;
        }
        long extended = highestExtended + RtpSequenceNumber.diff(seq16, (int) (highestExtended & 0xFFFF));
        if (extended > highestExtended) {
            highestExtended = extended;
        }
        return extended;
    }

    /** The highest extended number returned so far, or -1 before the first. */
    public long highest() {
        return started ? highestExtended : -1;
    }

    /** Forget all history; the next number starts cycle 0 again. */
    public void reset() {
        started = false;
        highestExtended = 0;
    }
}
