package org.glasscast.protocol.rtcp;

import java.util.List;

/**
 * An RTPFB/PSFB feedback message with the FCI of generic NACK and FIR; other formats' FCI is not
 * kept (a PLI has none).
 *
 * <pre>
 * |V=2|P|   FMT   |       PT      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 *
 * @param packetType {@link RtcpPacket#RTPFB} or {@link RtcpPacket#PSFB}
 * @param format FMT, 0..31
 * @param fci {@link NackEntry}s for a generic NACK, {@link FirEntry}s for a FIR, empty for any other
 *     format; at most what the 16-bit length field can hold
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.1">RFC 4585 §6.1</a>
 */
public record FeedbackMessage(int packetType, int format, long senderSsrc, long mediaSsrc, List<FciEntry> fci)
        implements RtcpPacket {
    /** Picture loss indication: PSFB format 1, RFC 4585 §6.3.1. */
    public static final int PLI = 1;
    /** Generic NACK: RTPFB format 1, RFC 4585 §6.2.1. */
    public static final int GENERIC_NACK = 1;
    /** Full intra request: PSFB format 4, RFC 5104 §4.3.1. */
    public static final int FIR = 4;
    /** The length field counts words minus one: header and both SSRCs take 3. */
    static final int MAX_FCI_WORDS = 0xFFFF - 2;

    public FeedbackMessage {
        if (packetType != RTPFB && packetType != PSFB) {
            throw new IllegalArgumentException("not a feedback packet type: " + packetType);
        }
        if (format < 0 || format > 31) {
            throw new IllegalArgumentException("format not in 0..31: " + format);
        }
        Fields.checkUnsigned32("senderSsrc", senderSsrc);
        Fields.checkUnsigned32("mediaSsrc", mediaSsrc);
        fci = List.copyOf(fci);
        Class<? extends FciEntry> kind = packetType == RTPFB && format == GENERIC_NACK ? NackEntry.class
                : packetType == PSFB && format == FIR ? FirEntry.class : null;
        for (FciEntry entry : fci) {
            if (kind == null || !kind.isInstance(entry)) {
                throw new IllegalArgumentException("FCI entry " + entry + " in feedback PT " + packetType + " FMT " + format);
            }
        }
        if ((long) fci.size() * (kind == FirEntry.class ? FirEntry.LENGTH : NackEntry.LENGTH) / 4 > MAX_FCI_WORDS) {
            throw new IllegalArgumentException(fci.size() + " FCI entries overflow the RTCP length field");
        }
    }

    /** A message with no FCI, such as a PLI. */
    public FeedbackMessage(int packetType, int format, long senderSsrc, long mediaSsrc) {
        this(packetType, format, senderSsrc, mediaSsrc, List.of());
    }

    /** A picture loss indication asking {@code mediaSsrc} for a keyframe. */
    public static FeedbackMessage pli(long senderSsrc, long mediaSsrc) {
        return new FeedbackMessage(PSFB, PLI, senderSsrc, mediaSsrc);
    }

    /**
     * A generic NACK asking {@code mediaSsrc} to resend the packets {@code entries} name.
     *
     * @param entries at least one, as {@link NackEntry#fromSequenceNumbers} makes them
     */
    public static FeedbackMessage nack(long senderSsrc, long mediaSsrc, List<NackEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a generic NACK needs at least one entry");
        }
        return new FeedbackMessage(RTPFB, GENERIC_NACK, senderSsrc, mediaSsrc, List.copyOf(entries));
    }

    /**
     * A full intra request; the media source SSRC is 0 as RFC 5104 §4.3.1.2 asks, the FCI names the sources.
     *
     * @param entries at least one
     */
    public static FeedbackMessage fir(long senderSsrc, List<FirEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a FIR needs at least one entry");
        }
        return new FeedbackMessage(PSFB, FIR, senderSsrc, 0, List.copyOf(entries));
    }

    public boolean isPli() {
        return packetType == PSFB && format == PLI;
    }

    public boolean isGenericNack() {
        return packetType == RTPFB && format == GENERIC_NACK;
    }

    public boolean isFir() {
        return packetType == PSFB && format == FIR;
    }

    /** The NACK entries; empty unless {@link #isGenericNack}. */
    @SuppressWarnings("unchecked")
    public List<NackEntry> nackEntries() {
        return isGenericNack() ? (List<NackEntry>) (List<?>) fci : List.of();
    }

    /** The FIR entries; empty unless {@link #isFir}. */
    @SuppressWarnings("unchecked")
    public List<FirEntry> firEntries() {
        return isFir() ? (List<FirEntry>) (List<?>) fci : List.of();
    }

    /** The distinct sequence numbers a generic NACK asks for, in order; empty for any other message. */
    public List<Integer> lostSequenceNumbers() {
        return NackEntry.toSequenceNumbers(nackEntries());
    }

    /** Bytes the FCI takes on the wire. */
    static int fciLength(List<FciEntry> fci) {
        return fci.isEmpty() ? 0 : fci.size() * (fci.get(0) instanceof FirEntry ? FirEntry.LENGTH : NackEntry.LENGTH);
    }
}
