package org.glasscast.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NackEntryTest {

    @Test
    void entryNamesPidThenItsBits() {
        assertThat(new NackEntry(65535, 0b1000_0000_0000_0011).sequenceNumbers()).containsExactly(65535, 0, 1, 15); // bit 15: 65535 + 16
        assertThat(new NackEntry(5, 0).sequenceNumbers()).containsExactly(5);
    }

    @Test
    void seventeenInARowAreOneEntryEighteenAreTwo() {
        List<Integer> seventeen = IntStream.range(65530, 65530 + 17).map(s -> s & 0xFFFF).boxed().toList();
        assertThat(NackEntry.fromSequenceNumbers(seventeen)).containsExactly(new NackEntry(65530, 0xFFFF));
        List<Integer> eighteen = IntStream.range(65530, 65530 + 18).map(s -> s & 0xFFFF).boxed().toList();
        assertThat(NackEntry.fromSequenceNumbers(eighteen))
                .containsExactly(new NackEntry(65530, 0xFFFF), new NackEntry(11, 0));
    }

    @Test
    void emptyAndEveryNumber() {
        assertThat(NackEntry.fromSequenceNumbers(List.of())).isEmpty();
        List<Integer> all = IntStream.range(0, 65536).boxed().toList();
        List<NackEntry> entries = NackEntry.fromSequenceNumbers(all);
        assertThat(entries).hasSize((65536 + 16) / 17);
        assertThat(NackEntry.toSequenceNumbers(entries)).hasSize(65536);
    }

    @Test
    void overlappingEntriesNameEachNumberOnce() {
        assertThat(NackEntry.toSequenceNumbers(List.of(new NackEntry(10, 0b11), new NackEntry(11, 0b1),
                new NackEntry(10, 0)))).containsExactly(10, 11, 12);
    }

    /** Up to a few hundred lost numbers in a window of a few thousand that often straddles the wrap. */
    @Provide
    Arbitrary<Set<Integer>> lossWindow() {
        return Arbitraries.integers().between(0, 65535).flatMap(base -> Arbitraries.integers().between(0, 3000)
                .map(offset -> (base + offset) & 0xFFFF).set().ofMaxSize(300));
    }

    @Property(tries = 500)
    void setToEntriesToSetIsTheIdentity(@ForAll("lossWindow") Set<Integer> lost) {
        List<NackEntry> entries = NackEntry.fromSequenceNumbers(lost);
        List<Integer> back = NackEntry.toSequenceNumbers(entries);
        assertThat(back).doesNotHaveDuplicates();
        assertThat(new HashSet<>(back)).isEqualTo(lost);
    }

    @Property(tries = 300)
    void anySetAnywhereOnTheCircleRoundTrips(@ForAll("anywhere") Set<Integer> lost) {
        assertThat(new HashSet<>(NackEntry.toSequenceNumbers(NackEntry.fromSequenceNumbers(lost)))).isEqualTo(lost);
    }

    @Provide
    Arbitrary<Set<Integer>> anywhere() {
        return Arbitraries.integers().between(0, 65535).set().ofMaxSize(400);
    }

    @Property(tries = 500)
    void entriesAreTheFewestAndOldestFirst(@ForAll("lossWindow") Set<Integer> lost) {
        List<NackEntry> entries = NackEntry.fromSequenceNumbers(lost);
        List<Integer> inOrder = unwrapped(lost);
        assertThat(entries).hasSize(fewestEntries(inOrder));
        assertThat(NackEntry.toSequenceNumbers(entries)).containsExactlyElementsOf(
                inOrder.stream().map(s -> s & 0xFFFF).toList());
    }

    @Property(tries = 200)
    void sequenceNumbersOfOneEntryAreInItsSpan(@ForAll @IntRange(max = 65535) int pid,
            @ForAll @IntRange(max = 65535) int blp) {
        List<Integer> seqs = new NackEntry(pid, blp).sequenceNumbers();
        assertThat(seqs).hasSize(1 + Integer.bitCount(blp)).startsWith(pid);
        assertThat(NackEntry.fromSequenceNumbers(seqs)).containsExactly(new NackEntry(pid, blp));
    }

    /** The window's numbers in sending order, as longs past 65535 where it wraps (it is < 32768 wide). */
    private static List<Integer> unwrapped(Set<Integer> lost) {
        TreeSet<Integer> sorted = new TreeSet<>(lost);
        if (sorted.isEmpty() || sorted.last() - sorted.first() < 32768) {
            return new ArrayList<>(sorted);
        }
        return sorted.stream().map(s -> s < 32768 ? s + 65536 : s).sorted().collect(Collectors.toList());
    }

    /** Minimum cover of sorted points by 17-wide windows, by dynamic programming (not the greedy under test). */
    private static int fewestEntries(List<Integer> sorted) {
        int n = sorted.size();
        int[] best = new int[n + 1]; // best[i]: fewest entries covering the first i numbers
        for (int i = 1; i <= n; i++) {
            best[i] = Integer.MAX_VALUE;
            for (int j = i - 1; j >= 0 && sorted.get(i - 1) - sorted.get(j) < NackEntry.SPAN; j--) {
                best[i] = Math.min(best[i], best[j] + 1);
            }
        }
        return best[n];
    }
}
