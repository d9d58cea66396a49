package org.glasscast.viewer.rtp;

import org.glasscast.protocol.rtp.NtpTime;

/**
 * Maps a track's RTP timestamps to the sender's wall clock through the latest RTCP sender report
 * (RFC 3550 §6.4.1), so a frame's capture instant is known even without the abs-capture-time
 * extension. Written on the event loop, read on the decode threads.
 */
public final class CaptureClock {
    private final int clockRate;
    private volatile long[] mapping; // {rtpTimestamp, unixMicros}

    public CaptureClock(int clockRate) {
        this.clockRate = clockRate;
    }

    public void onSenderReport(long ntpTimestamp, long rtpTimestamp) {
        mapping = new long[] {rtpTimestamp, NtpTime.toUnixMicros(ntpTimestamp)};
    }

    /** Wall-clock µs of an RTP timestamp, or -1 before the first sender report. */
    public long unixMicros(long rtpTimestamp) {
        long[] m = mapping;
        if (m == null || clockRate <= 0) {
            return -1;
        }
        int delta = (int) (rtpTimestamp - m[0]); // signed distance modulo 2^32
        return m[1] + delta * 1_000_000L / clockRate;
    }
}
