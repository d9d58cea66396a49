package org.glasscast.bench.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stage's per-direction decisions on a clock the test drives: delay, jitter, order, loss, bounds. */
class DelayLineTest {
    private static final long MS = 1_000_000;

    @Test
    void aPacketLeavesAfterTheDelayNotBefore() {
        DelayLine line = new DelayLine(Impairment.delay(20, 0), new SplittableRandom(1), 100, 1 << 20, 0);
        assertThat(line.offer(packet(1), 5 * MS)).isEqualTo(DelayLine.Verdict.HELD);
        assertThat(line.nextReleaseNanos()).isEqualTo(25 * MS);
        assertThat(line.poll(25 * MS - 1)).isNull();
        assertThat(line.poll(25 * MS)).containsExactly(packet(1));
        assertThat(line.poll(100 * MS)).isNull();
        assertThat(line.nextReleaseNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(line.counts()).isEqualTo("in=1 out=1 held=0 lost=0 burst=0 overflow=0 late=0 max_late_ms=0.0");
        line.offer(packet(2), 100 * MS);
        assertThat(line.poll(123 * MS)).as("polled 3 ms after it was due").isNotNull();
        assertThat(line.counts()).endsWith("late=1 max_late_ms=3.0");
    }

    @Test
    void uniformJitterStaysWithinItsBoundsAndReordersCloselySpacedPackets() {
        List<long[]> sent = run(Impairment.delay(20, 10), 1000, MS);
        long reordered = 0;
        for (int i = 0; i < sent.size(); i++) {
            long delay = sent.get(i)[2] - sent.get(i)[1];
            assertThat(delay).as("delay of packet %d", i).isBetween(10 * MS, 30 * MS);
            if (i > 0 && sent.get(i)[0] < sent.get(i - 1)[0]) {
                reordered++;
            }
        }
        assertThat(sent).hasSize(1000);
        assertThat(reordered).as("packets 1 ms apart with ±10 ms of jitter overtake each other").isGreaterThan(100);
        double mean = sent.stream().mapToLong(r -> r[2] - r[1]).average().orElseThrow() / MS;
        assertThat(mean).isBetween(19.0, 21.0);
    }

    @Test
    void inOrderKeepsTheOrderAndNeverShortensADelay() {
        List<long[]> sent = run(Impairment.delay(20, 10).inOrder(), 1000, MS);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i)[0]).isEqualTo(i);
            assertThat(sent.get(i)[2] - sent.get(i)[1]).isGreaterThanOrEqualTo(10 * MS);
        }
    }

    @Test
    void normalJitterIsCutAtZeroAndSpreadsAsAsked() {
        List<long[]> sent = run(Impairment.delay(20, 10).withDistribution(Impairment.Distribution.NORMAL), 4000, MS);
        double[] d = sent.stream().mapToDouble(r -> (r[2] - r[1]) / (double) MS).toArray();
        double mean = java.util.Arrays.stream(d).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(d).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        assertThat(java.util.Arrays.stream(d).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(d).max().orElseThrow()).isLessThanOrEqualTo(60);
        assertThat(mean).isBetween(19.0, 22.0);
        assertThat(sd).isBetween(8.5, 10.5);
    }

    @Test
    void randomLossNearTheAskedShare() {
        DelayLine line = new DelayLine(Impairment.NONE.withLoss(10), new SplittableRandom(7), 100_000, 1L << 30, 0);
        for (int i = 0; i < 10_000; i++) {
            line.offer(packet(i), i * MS);
        }
        assertThat(line.lost()).isBetween(900L, 1100L);
        assertThat(line.held() + line.lost()).isEqualTo(10_000);
    }

    @Test
    void burstsLoseNPacketsInARowEveryPeriod() {
        DelayLine line = new DelayLine(Impairment.NONE.withBursts(20, 3), new SplittableRandom(1), 100_000, 1L << 30, 0);
        List<Integer> lost = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) { // one packet a millisecond for 10 s
            if (line.offer(packet(i), i * MS) == DelayLine.Verdict.BURST) {
                lost.add(i);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int burst = 1; burst <= 3; burst++) {
            for (int k = 0; k < 20; k++) {
                expected.add(burst * 3000 + k);
            }
        }
        assertThat(lost).isEqualTo(expected);
        assertThat(line.burst()).isEqualTo(60);
    }

    @Test
    void anIdleStageStartsOneBurstNotABacklog() {
        DelayLine line = new DelayLine(Impairment.NONE.withBursts(2, 1), new SplittableRandom(1), 100, 1L << 20, 0);
        line.offer(packet(0), 10_500 * MS); // ten periods passed with no packet
        line.offer(packet(1), 10_501 * MS);
        assertThat(line.offer(packet(2), 10_502 * MS)).isEqualTo(DelayLine.Verdict.HELD);
        assertThat(line.burst()).isEqualTo(2);
        assertThat(line.offer(packet(3), 11_000 * MS)).isEqualTo(DelayLine.Verdict.BURST);
    }

    @Test
    void holdsAtMostItsPacketsAndBytesAndCountsTheRest() {
        DelayLine byCount = new DelayLine(Impairment.delay(100, 0), new SplittableRandom(1), 5, 1 << 20, 0);
        for (int i = 0; i < 8; i++) {
            byCount.offer(new byte[100], i);
        }
        assertThat(byCount.held()).isEqualTo(5);
        assertThat(byCount.overflow()).isEqualTo(3);

        DelayLine byBytes = new DelayLine(Impairment.delay(100, 0), new SplittableRandom(1), 1000, 1000, 0);
        for (int i = 0; i < 12; i++) {
            byBytes.offer(new byte[300], i);
        }
        assertThat(byBytes.held()).isEqualTo(3);
        assertThat(byBytes.heldBytes()).isEqualTo(900);
        assertThat(byBytes.overflow()).isEqualTo(9);
        byBytes.poll(200 * MS);
        assertThat(byBytes.offer(new byte[300], 200 * MS)).as("room again once one left").isEqualTo(DelayLine.Verdict.HELD);
    }

    @Test
    void badFiguresAreNamedInOneLine() {
        assertThatThrownBy(() -> Impairment.delay(-1, 0)).hasMessage("--delay -1: must be ≥ 0 ms");
        assertThatThrownBy(() -> Impairment.delay(20, 30))
                .hasMessage("--jitter 30 exceeds --delay 20: a uniform jitter cannot make a packet leave before it came");
        assertThatThrownBy(() -> Impairment.NONE.withLoss(101)).hasMessage("--loss 101: must be 0 to 100 %");
        assertThatThrownBy(() -> Impairment.NONE.withBursts(5, 0)).hasMessage("--burst: the period must be > 0 s");
        assertThat(new Impairment(20, 30, Impairment.Distribution.NORMAL, false, 0, 0, 0)).as("normal: cut at 0").isNotNull();
    }

    /** {@code count} packets {@code spacing} apart, drained as they fall due: rows {index, arrived, left}. */
    private static List<long[]> run(Impairment impairment, int count, long spacingNanos) {
        DelayLine line = new DelayLine(impairment, new SplittableRandom(42), 100_000, 1L << 30, 0);
        long[] arrived = new long[count];
        List<long[]> sent = new ArrayList<>();
        long end = count * spacingNanos + 200 * MS;
        int next = 0;
        for (long now = 0; now <= end; now += MS / 10) {
            while (next < count && next * spacingNanos <= now) {
                arrived[next] = now;
                line.offer(packet(next), now);
                next++;
            }
            for (byte[] p = line.poll(now); p != null; p = line.poll(now)) {
                int index = java.nio.ByteBuffer.wrap(p).getInt();
                sent.add(new long[] {index, arrived[index], now});
            }
        }
        return sent;
    }

    private static byte[] packet(int index) {
        return java.nio.ByteBuffer.allocate(40).putInt(index).array();
    }
}
