package org.glasscast.viewer.record;

/**
 * A track's times on a recording's timeline. Each packet's time follows the previous one by its
 * RTP step (the sender's media clock, exact for B-frames that go back and forth), steered toward
 * the sender's capture time (abs-capture-time, or the RTCP mapping) by at most
 * {@value #STEER_MICROS} µs a packet, at packets that move RTP time past all before them (so the
 * B-frames between two of those keep their spacing). So a track placed by arrival before the first sender
 * report, or a mapping that moves, glides onto the sender's times without a jump, and a drift
 * between the sender's clocks is followed. Without any capture time, arrival places the track.
 * A time more than {@value #RESYNC_MICROS} µs off (a sender that restarted its RTP time) is
 * placed again. A new RTP session ({@link #restart()}) is placed anew, never read as a jump. One thread.
 */
final class TrackTime {
    static final long STEER_MICROS = 1000;
    static final long RESYNC_MICROS = 2_000_000;

    private final int clockRate;
    private boolean placed;
    private long lastRtp;
    /** RTP ticks since the track was placed, unwrapped (a recording may outlast 32-bit RTP time). */
    private long ticks;
    private long placedMicros;
    /** How far the track has been steered toward the sender's capture times so far. */
    private long steered;
    /** The latest RTP time so far: only a packet past it steers (a B-frame shows before it). */
    private long frontier;
    /** Where arrival places a packet without a capture time: arrival plus this (0 until a restart). */
    private long arrivalOffset;
    private long lastMicros;
    private long lastArrivalMicros;

    TrackTime(int clockRate) {
        this.clockRate = clockRate;
    }

    /**
     * @param captureMicros the sender's capture time (µs since the epoch), ≤ 0 when unknown
     * @param arrivalMicros when the packet arrived, on the same wall clock
     */
    long micros(long captureMicros, long rtpTimestamp, long arrivalMicros) {
        long known = captureMicros > 0 ? captureMicros : arrivalMicros + arrivalOffset;
        lastArrivalMicros = arrivalMicros;
        if (placed) {
            ticks += (int) (rtpTimestamp - lastRtp); // signed step modulo 2^32: back for a B-frame
            lastRtp = rtpTimestamp;
            long t = placedMicros + ticks * 1_000_000L / clockRate + steered;
            long off = known - t;
            if (Math.abs(off) <= RESYNC_MICROS) {
                if (captureMicros > 0 && ticks > frontier) { // arrival jitters: only a capture time steers
                    long step = Math.max(-STEER_MICROS, Math.min(STEER_MICROS, off));
                    steered += step;
                    t += step;
                }
                frontier = Math.max(frontier, ticks);
                lastMicros = t;
                return t;
            }
        }
        placed = true;
        lastRtp = rtpTimestamp;
        ticks = 0;
        steered = 0;
        frontier = 0;
        placedMicros = known;
        lastMicros = known;
        return known;
    }

    /**
     * A new RTP session (a restarted sender: new timestamp base, maybe a new clock offset): the
     * next packet is placed at its capture time; without one, at its arrival shifted as the last
     * packet's was, so the time between the sessions is the time the viewer waited.
     */
    void restart() {
        if (placed) {
            arrivalOffset = lastMicros - lastArrivalMicros;
        }
        placed = false;
    }
}
