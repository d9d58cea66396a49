package org.glasscast.viewer.record;

/**
 * A track's capture times: the sender's (abs-capture-time or the RTCP mapping) when known, else
 * its RTP timestamps counted from the arrival of its first packet. One thread.
 */
final class TrackTime {
    private final int clockRate;
    private long anchorRtp = -1;
    private long anchorMicros;

    TrackTime(int clockRate) {
        this.clockRate = clockRate;
    }

    /**
     * @param captureMicros the sender's capture time (µs since the epoch), ≤ 0 when unknown
     * @param arrivalMicros when the packet arrived, on the same wall clock
     */
    long micros(long captureMicros, long rtpTimestamp, long arrivalMicros) {
        if (captureMicros > 0) {
            return captureMicros;
        }
        if (anchorRtp < 0) {
            anchorRtp = rtpTimestamp;
            anchorMicros = arrivalMicros;
        }
        return anchorMicros + (int) (rtpTimestamp - anchorRtp) * 1_000_000L / clockRate; // signed, modulo 2^32
    }
}
