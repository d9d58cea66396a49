package org.glasscast.viewer.rtp;

import org.glasscast.protocol.rtp.NtpTime;

/**
 * Maps a track's RTP timestamps to the sender's wall clock through RTCP sender reports (RFC 3550
 * §6.4.1), so a frame's capture instant is known even without the abs-capture-time extension.
 * The first report places the track; later ones only slew it, at most {@value #MAX_SLEW_MICROS}
 * µs per report or 500 ppm of the time between reports: senders such as ffmpeg pair the wall
 * clock with an RTP time when they send the report, not when the frame was captured, so reports
 * scatter by the encoder's delay (tens of ms). Following each would shift frames by that much,
 * and a recording's frame times would stutter; slewing follows a real drift between the
 * sender's clocks (up to 500 ppm) and smooths the scatter. A report more than
 * {@value #JUMP_MICROS} µs off is a restart or a clock step, and places the track again. Written on the event loop, read on the
 * decode threads.
 */
public final class CaptureClock {
    static final long MAX_SLEW_MICROS = 1000;
    static final long JUMP_MICROS = 500_000;

    private final int clockRate;
    private volatile long[] mapping; // {rtpTimestamp, unixMicros}

    public CaptureClock(int clockRate) {
        this.clockRate = clockRate;
    }

    public void onSenderReport(long ntpTimestamp, long rtpTimestamp) {
        long reported = NtpTime.toUnixMicros(ntpTimestamp);
        long predicted = unixMicros(rtpTimestamp);
        if (predicted < 0 || Math.abs(reported - predicted) > JUMP_MICROS) {
            mapping = new long[] {rtpTimestamp, reported};
            return;
        }
        // at most 1 ms, or 500 ppm of the time since the last report when that is more
        long since = Math.abs((long) (int) (rtpTimestamp - mapping[0]) * 1_000_000L / clockRate);
        long cap = Math.max(MAX_SLEW_MICROS, since / 2000);
        long step = Math.max(-cap, Math.min(cap, (reported - predicted) / 4));
        mapping = new long[] {rtpTimestamp, predicted + step};
    }

    /** Forgets the mapping: a new session's RTP clock starts anywhere (a restarted sender). */
    public void reset() {
        mapping = null;
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
