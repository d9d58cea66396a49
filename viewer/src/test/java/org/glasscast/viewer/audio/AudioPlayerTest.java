package org.glasscast.viewer.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/**
 * The player on a real OpenAL device (OpenAL Soft's null output, which plays in real time; see
 * viewer/pom.xml), fed like the decode thread feeds it: a 20 ms packet every 20 ms, some of them
 * lost. The clock must run with real time, right through the losses (each packet carries its own
 * capture time and a lost one is played as silence, so nothing shifts). An underrun (the feeding
 * thread starved on a busy machine) legitimately moves the clock by the time it ran dry, so a
 * loss is judged only when none happened around it (nor a drop); at least two must be judged.
 */
class AudioPlayerTest {
    private static final long T0 = 1_700_000_000_000_000L; // capture time of the first packet, µs
    private static final int PACKETS = 250; // 5 s
    private static final int[] LOST = {50, 90, 130, 131, 170, 210};

    @Test
    void clockKeepsRealTimeThroughLostPackets() throws Exception {
        ViewerStats stats = new ViewerStats();
        short[] pcm = new short[960 * 2];
        for (int i = 0; i < 960; i++) {
            pcm[2 * i] = pcm[2 * i + 1] = (short) (3000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
        }
        List<long[]> readings = new ArrayList<>(); // {nanoTime, clock, packets fed by then, underruns + drops}
        try (AudioPlayer player = AudioPlayer.open("default", stats, new PrintStream(new ByteArrayOutputStream()))) {
            Thread out = new Thread(player::run, "gc-audio-out");
            out.start();
            try {
                assertThat(player.playingCaptureMicros()).as("nothing played yet").isZero();
                long start = System.nanoTime();
                int fed = 0;
                while (fed < PACKETS) {
                    long now = System.nanoTime();
                    while (fed < PACKETS && now - start >= fed * 20_000_000L) { // deadlines: no drift
                        if (!isLost(fed)) {
                            player.onAudio(pcm, 960, T0 + fed * 20_000L);
                        }
                        fed++;
                    }
                    readings.add(new long[] {now, player.playingCaptureMicros(), fed,
                        stats.audioUnderruns.sum() + stats.audioDropped.sum()});
                    TimeUnit.MILLISECONDS.sleep(3);
                }
            } finally {
                out.interrupt();
                out.join(2000);
            }
        }
        // the sound being heard trails what was fed by the queue, the same amount before and after each loss
        int judged = 0;
        for (int lost : LOST) {
            if (underrunsWhileFed(readings, lost - 12, lost + 18)) {
                continue;
            }
            judged++;
            double before = median(readings, lost - 12, lost - 2);
            double after = median(readings, lost + 8, lost + 18); // the gap has been heard by then
            assertThat(after - before).as("clock shift across the loss of packet %d, µs", lost).isBetween(-10_000.0, 10_000.0); // a lost packet not replaced: 20 or 40 ms
        }
        assertThat(judged).as("losses with no underrun or drop around them (underruns: %d, drops: %d)",
                stats.audioUnderruns.sum(), stats.audioDropped.sum()).isGreaterThanOrEqualTo(2);
        // the longest stretch without an underrun: the clock advances with real time
        long[] first = null;
        long[] bestFirst = null;
        long[] bestLast = null;
        for (long[] r : readings) {
            if (r[1] <= 0 || first == null || r[3] != first[3]) {
                first = r[1] > 0 ? r : null;
            } else if (bestFirst == null || r[0] - first[0] > bestLast[0] - bestFirst[0]) {
                bestFirst = first;
                bestLast = r;
            }
        }
        assertThat(bestFirst).as("clock readings").isNotNull();
        assertThat(bestLast[0] - bestFirst[0]).as("longest stretch without underrun, ns").isGreaterThan(1_000_000_000L);
        double rate = (bestLast[1] - bestFirst[1]) / ((bestLast[0] - bestFirst[0]) / 1000.0);
        assertThat(rate).as("clock µs per µs of real time").isBetween(0.99, 1.01);
    }

    private static boolean isLost(int packet) {
        for (int l : LOST) {
            if (l == packet) {
                return true;
            }
        }
        return false;
    }

    private static boolean underrunsWhileFed(List<long[]> readings, int from, int to) {
        return readings.stream().filter(r -> r[2] >= from && r[2] < to).mapToLong(r -> r[3]).distinct().count() > 1;
    }

    /** Median of (clock - real time) in µs over the readings taken while packets [from, to) were being fed. */
    private static double median(List<long[]> readings, int from, int to) {
        List<Long> d = new ArrayList<>();
        for (long[] r : readings) {
            if (r[1] > 0 && r[2] >= from && r[2] < to) {
                d.add(r[1] - r[0] / 1000);
            }
        }
        assertThat(d).as("clock readings while packets %d..%d were fed", from, to).isNotEmpty();
        d.sort(null);
        return d.get(d.size() / 2);
    }
}
