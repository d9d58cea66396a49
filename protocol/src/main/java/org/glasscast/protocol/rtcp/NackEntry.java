package org.glasscast.protocol.rtcp;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import org.glasscast.protocol.rtp.RtpSequenceNumber;

/**
 * One generic NACK FCI entry: a lost packet and a bitmask of the 16 after it that are lost too.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PID                |             BLP               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param packetId PID, the lost sequence number, 0..65535
 * @param lostBitmask BLP, 0..65535: bit i (least significant first) set when {@code packetId + i + 1} is lost too
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1">RFC 4585 §6.2.1</a>
 */
public record NackEntry(int packetId, int lostBitmask) implements FciEntry {
    /** Bytes on the wire. */
    public static final int LENGTH = 4;
    /** Sequence numbers one entry can name: PID and the 16 of BLP. */
    public static final int SPAN = 17;

    public NackEntry {
        checkSequenceNumber(packetId);
        if (lostBitmask < 0 || lostBitmask > 0xFFFF) {
            throw new IllegalArgumentException("BLP not 16-bit: " + lostBitmask);
        }
    }

    /** The lost sequence numbers this entry names, PID first, in order (wrapping at 65536). */
    public List<Integer> sequenceNumbers() {
        List<Integer> seqs = new ArrayList<>(1 + Integer.bitCount(lostBitmask));
        seqs.add(packetId);
        for (int bit = 0; bit < 16; bit++) {
            if ((lostBitmask & 1 << bit) != 0) {
                seqs.add((packetId + bit + 1) & 0xFFFF);
            }
        }
        return seqs;
    }

    /**
     * The fewest entries that name exactly {@code lost}, oldest first.
     *
     * <p>The numbers are placed on the 16-bit circle and cut at the widest gap between them, so a
     * window across the wrap (65534, 65535, 0, 1) is one entry with PID 65534. When some gap is
     * wider than 16 (any loss window shorter than 65520) the result is the minimum; for numbers
     * denser than that all round the circle it is at most one entry more.
     *
     * @param lost sequence numbers in 0..65535, any order, duplicates ignored
     * @throws IllegalArgumentException on a number outside 0..65535
     */
    public static List<NackEntry> fromSequenceNumbers(Collection<Integer> lost) {
        BitSet set = new BitSet(RtpSequenceNumber.MODULUS);
        for (int seq : lost) {
            checkSequenceNumber(seq);
            set.set(seq);
        }
        int count = set.cardinality();
        if (count == 0) {
            return List.of();
        }
        int[] sorted = set.stream().toArray();
        int first = 0;                                                          // index of the oldest
        int widestGap = sorted[0] + RtpSequenceNumber.MODULUS - sorted[count - 1]; // the gap across the wrap
        for (int k = 1; k < count; k++) {
            if (sorted[k] - sorted[k - 1] > widestGap) {
                widestGap = sorted[k] - sorted[k - 1];
                first = k;
            }
        }
        // greedy along the circle cut before sorted[first]: on a line, each PID covering as far as it
        // can gives the fewest entries
        List<NackEntry> entries = new ArrayList<>();
        int k = 0;
        while (k < count) {
            int pid = sorted[(first + k) % count];
            int mask = 0;
            for (k++; k < count; k++) {
                int distance = (sorted[(first + k) % count] - pid) & 0xFFFF;
                if (distance >= SPAN) {
                    break;
                }
                mask |= 1 << (distance - 1);
            }
            entries.add(new NackEntry(pid, mask));
        }
        return entries;
    }

    /**
     * The distinct sequence numbers {@code entries} name, in the order they first appear.
     *
     * @return at most 65536 numbers however many entries there are
     */
    public static List<Integer> toSequenceNumbers(List<NackEntry> entries) {
        BitSet seen = new BitSet(RtpSequenceNumber.MODULUS);
        List<Integer> seqs = new ArrayList<>();
        for (NackEntry entry : entries) {
            for (int seq : entry.sequenceNumbers()) {
                if (!seen.get(seq)) {
                    seen.set(seq);
                    seqs.add(seq);
                }
            }
        }
        return seqs;
    }

    private static void checkSequenceNumber(int seq) {
        if (seq < 0 || seq > 0xFFFF) {
            throw new IllegalArgumentException("sequence number not in 0..65535: " + seq);
        }
    }
}
