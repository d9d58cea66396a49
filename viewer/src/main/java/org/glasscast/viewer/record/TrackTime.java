package org.glasscast.viewer.record;

/**
 * A track's times on a recording's timeline: placed once, at its first packet, by the sender's
 * capture time (abs-capture-time or the RTCP mapping) or, without one, by the packet's arrival;
 * from there its RTP timestamps count, so a file's frame times follow the sender's media clock
 * and never jump when a sender report comes or moves. A time more than {@value #RESYNC_MICROS}
 * µs away from what the packet says (a sender that restarted its RTP time) places it again.
 * One thread.
 */
final class TrackTime {
    static final long RESYNC_MICROS = 2_000_000;

    private final int clockRate;
    private boolean anchored;
    private long lastRtp;
    /** RTP ticks since the anchor, unwrapped (a recording may outlast the 32-bit RTP clock's 13 h). */
    private long ticks;
    private long anchorMicros;

    TrackTime(int clockRate) {
        this.clockRate = clockRate;
    }

    /**
     * @param captureMicros the sender's capture time (µs since the epoch), ≤ 0 when unknown
     * @param arrivalMicros when the packet arrived, on the same wall clock
     */
    long micros(long captureMicros, long rtpTimestamp, long arrivalMicros) {
        long known = captureMicros > 0 ? captureMicros : arrivalMicros;
        if (anchored) {
            ticks += (int) (rtpTimestamp - lastRtp); // signed step, modulo 2^32
            lastRtp = rtpTimestamp;
            long t = anchorMicros + ticks * 1_000_000L / clockRate;
            if (Math.abs(t - known) <= RESYNC_MICROS) {
                return t;
            }
        }
        anchored = true;
        lastRtp = rtpTimestamp;
        ticks = 0;
        anchorMicros = known;
        return known;
    }
}
