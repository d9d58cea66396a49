package org.glasscast.bench.net;

import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * One direction of the impairment stage: decides on arrival whether a packet is lost, else when
 * it leaves, and holds it until then (a priority queue by release time; ties leave in arrival
 * order). Bounded: beyond {@code maxPackets} or {@code maxBytes} held, an arriving packet is
 * dropped and counted as overflow. Time is what the caller says it is (nanoseconds on one
 * monotonic clock), so tests drive it. Not thread-safe: the stage's one thread owns it.
 */
final class DelayLine {
    /** What became of an offered packet. */
    enum Verdict {
        HELD, LOST, BURST, OVERFLOW
    }

    /** A packet released later than this after its due time counts as late: the stage fell behind. */
    static final long LATE_NANOS = 2_000_000;

    private record Held(long releaseNanos, long seq, byte[] packet) implements Comparable<Held> {
        @Override
        public int compareTo(Held o) {
            int c = Long.compare(releaseNanos, o.releaseNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Impairment impairment;
    private final RandomGenerator random;
    private final int maxPackets;
    private final long maxBytes;
    private final PriorityQueue<Held> queue = new PriorityQueue<>();
    private final long burstPeriodNanos;
    private long nextBurstNanos;
    private int burstLeft;
    private long lastReleaseNanos = Long.MIN_VALUE;
    private long seq;
    private long heldBytes;

    private long in;
    private long out;
    private long lost;
    private long burst;
    private long overflow;
    private long late;
    private long maxLateNanos;

    /**
     * @param startNanos the stage's start on the clock of {@code offer} and {@code poll}: the first
     *     burst comes one period after it
     */
    DelayLine(Impairment impairment, RandomGenerator random, int maxPackets, long maxBytes, long startNanos) {
        if (maxPackets < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("--max-packets and --max-bytes must be ≥ 1");
        }
        this.impairment = impairment;
        this.random = random;
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
        this.burstPeriodNanos = (long) (impairment.burstEveryMillis() * 1e6);
        this.nextBurstNanos = startNanos + burstPeriodNanos;
    }

    /** Takes a packet that arrived at {@code nowNanos}; the line owns {@code packet} from here on. */
    Verdict offer(byte[] packet, long nowNanos) {
        in++;
        if (impairment.burstPackets() > 0 && nowNanos >= nextBurstNanos) {
            burstLeft = impairment.burstPackets();
            // a stage that was idle through several periods starts one burst, not a backlog of them
            long periods = (nowNanos - nextBurstNanos) / burstPeriodNanos + 1;
            nextBurstNanos += periods * burstPeriodNanos;
        }
        if (burstLeft > 0) {
            burstLeft--;
            burst++;
            return Verdict.BURST;
        }
        if (impairment.lossPercent() > 0 && random.nextDouble() * 100 < impairment.lossPercent()) {
            lost++;
            return Verdict.LOST;
        }
        if (queue.size() >= maxPackets || heldBytes + packet.length > maxBytes) {
            overflow++;
            return Verdict.OVERFLOW;
        }
        long release = nowNanos + delayNanos();
        if (impairment.keepOrder()) {
            release = Math.max(release, lastReleaseNanos);
        }
        lastReleaseNanos = Math.max(lastReleaseNanos, release);
        queue.add(new Held(release, seq++, packet));
        heldBytes += packet.length;
        return Verdict.HELD;
    }

    /** The next packet due at {@code nowNanos}, or null when none is; the caller owns it. */
    byte[] poll(long nowNanos) {
        Held head = queue.peek();
        if (head == null || head.releaseNanos > nowNanos) {
            return null;
        }
        queue.poll();
        heldBytes -= head.packet.length;
        out++;
        long lateNanos = nowNanos - head.releaseNanos;
        if (lateNanos > LATE_NANOS) {
            late++;
        }
        maxLateNanos = Math.max(maxLateNanos, lateNanos);
        return head.packet;
    }

    /** When the next packet is due; {@link Long#MAX_VALUE} when none is held. */
    long nextReleaseNanos() {
        Held head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.releaseNanos;
    }

    private long delayNanos() {
        double ms = impairment.delayMillis();
        double jitter = impairment.jitterMillis();
        if (jitter > 0) {
            if (impairment.distribution() == Impairment.Distribution.UNIFORM) {
                ms += jitter * (2 * random.nextDouble() - 1);
            } else {
                ms = Math.min(Math.max(0, ms + jitter * random.nextGaussian()), ms + 4 * jitter);
            }
        }
        return (long) (ms * 1e6);
    }

    Impairment impairment() {
        return impairment;
    }

    long in() {
        return in;
    }

    long out() {
        return out;
    }

    long lost() {
        return lost;
    }

    long burst() {
        return burst;
    }

    long overflow() {
        return overflow;
    }

    /** Packets released more than {@link #LATE_NANOS} after they were due (the caller polled late). */
    long late() {
        return late;
    }

    long maxLateNanos() {
        return maxLateNanos;
    }

    int held() {
        return queue.size();
    }

    long heldBytes() {
        return heldBytes;
    }

    /** {@code in=.. out=.. held=.. lost=.. burst=.. overflow=.. late=.. max_late_ms=..}, the stage's status fields. */
    String counts() {
        return "in=" + in + " out=" + out + " held=" + queue.size() + " lost=" + lost + " burst=" + burst
                + " overflow=" + overflow + " late=" + late + " max_late_ms="
                + String.format(java.util.Locale.ROOT, "%.1f", maxLateNanos / 1e6);
    }
}
