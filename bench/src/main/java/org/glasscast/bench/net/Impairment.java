package org.glasscast.bench.net;

import java.util.Locale;

/**
 * What one direction of the impaired link does to each packet: a one-way delay plus jitter drawn
 * anew for every packet, random loss, and bursts of loss.
 *
 * <p>Jitter model: each packet's delay is independent of its neighbours' ({@code delayMillis}
 * plus a sample of {@link Distribution}), so a packet may overtake the one before it when the
 * difference of their delays exceeds the gap between them, as on a real path with jitter (and as
 * netem does). With {@code keepOrder} a packet never leaves before the one ahead of it: its
 * release is the later of its own and its predecessor's, which lengthens the mean delay a little.
 *
 * @param delayMillis one-way delay added to every packet, ≥ 0
 * @param jitterMillis for {@link Distribution#UNIFORM} the half-width (delay ± jitter, at most the
 *     delay); for {@link Distribution#NORMAL} the standard deviation (cut at 0 and at delay + 4σ)
 * @param keepOrder packets leave in the order they came
 * @param lossPercent packets lost at random, 0–100
 * @param burstPackets packets lost in a row at each burst (0: no bursts)
 * @param burstEveryMillis from one burst to the next; the first comes one period after the start
 */
public record Impairment(double delayMillis, double jitterMillis, Distribution distribution, boolean keepOrder,
                         double lossPercent, int burstPackets, double burstEveryMillis) {

    /** How a packet's jitter is drawn. */
    public enum Distribution {
        UNIFORM, NORMAL
    }

    /** A link that forwards everything at once, in order. */
    public static final Impairment NONE = new Impairment(0, 0, Distribution.UNIFORM, false, 0, 0, 0);

    /** Checks the values; the message names the value as the command line does. */
    public Impairment {
        require(finite(delayMillis) && delayMillis >= 0, "--delay " + number(delayMillis) + ": must be ≥ 0 ms");
        require(finite(jitterMillis) && jitterMillis >= 0, "--jitter " + number(jitterMillis) + ": must be ≥ 0 ms");
        require(distribution != null, "--distribution: uniform or normal");
        require(distribution != Distribution.UNIFORM || jitterMillis <= delayMillis, "--jitter " + number(jitterMillis)
                + " exceeds --delay " + number(delayMillis) + ": a uniform jitter cannot make a packet leave before it came");
        require(finite(lossPercent) && lossPercent >= 0 && lossPercent <= 100,
                "--loss " + number(lossPercent) + ": must be 0 to 100 %");
        require(burstPackets >= 0, "--burst " + burstPackets + ": the packets of a burst must be ≥ 0");
        require(burstPackets == 0 || (finite(burstEveryMillis) && burstEveryMillis > 0),
                "--burst: the period must be > 0 s");
    }

    public static Impairment delay(double delayMillis, double jitterMillis) {
        return new Impairment(delayMillis, jitterMillis, Distribution.UNIFORM, false, 0, 0, 0);
    }

    public Impairment withDistribution(Distribution d) {
        return new Impairment(delayMillis, jitterMillis, d, keepOrder, lossPercent, burstPackets, burstEveryMillis);
    }

    public Impairment inOrder() {
        return new Impairment(delayMillis, jitterMillis, distribution, true, lossPercent, burstPackets, burstEveryMillis);
    }

    public Impairment withLoss(double percent) {
        return new Impairment(delayMillis, jitterMillis, distribution, keepOrder, percent, burstPackets, burstEveryMillis);
    }

    /** {@code packets} lost in a row every {@code everySeconds}. */
    public Impairment withBursts(int packets, double everySeconds) {
        return new Impairment(delayMillis, jitterMillis, distribution, keepOrder, lossPercent, packets,
                everySeconds * 1000);
    }

    /** As the stage's status says it: {@code 20±10 ms uniform, loss 1 %, bursts 20/3 s}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(number(delayMillis));
        if (jitterMillis > 0) {
            s.append('±').append(number(jitterMillis)).append(" ms ").append(distribution.name().toLowerCase(Locale.ROOT));
        } else {
            s.append(" ms");
        }
        if (keepOrder) {
            s.append(", in order");
        }
        if (lossPercent > 0) {
            s.append(", loss ").append(number(lossPercent)).append(" %");
        }
        if (burstPackets > 0) {
            s.append(", bursts ").append(burstPackets).append('/').append(number(burstEveryMillis / 1000)).append(" s");
        }
        return s.toString();
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
