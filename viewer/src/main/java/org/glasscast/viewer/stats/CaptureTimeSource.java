package org.glasscast.viewer.stats;

/**
 * Where a frame's capture time came from, most trusted first. Only a measured one (the burned-in
 * code, abs-capture-time) makes a latency figure. A sender report pairs the sender's wall clock
 * with its RTP clock as the sender models it, not with any frame's capture: ffmpeg counts RTP time
 * on from when its muxer started, so frames map to their capture instants only while its input is
 * paced in real time from that start (with {@code -re}; a file read faster, or an input whose first
 * timestamp is not its start, shifts every figure), and on another machine its clock may be off by
 * any amount. The viewer cannot tell a right figure from a wrong one, so it shows none. Sender
 * reports still place frames for A/V sync and recording, where only the two tracks' times relative
 * to each other count (RFC 3550 §6.4.1).
 */
public enum CaptureTimeSource {
    /** The burned-in code of our test pattern, read back from the picture ({@code --verify-pattern}). */
    PATTERN("pattern"),
    /** The abs-capture-time RTP header extension, stamped by the sender at the capture instant. */
    ABS_CAPTURE_TIME("abs-capture-time"),
    /** The RTCP sender reports' RTP ↔ wall-clock mapping: an estimate, not a measurement. */
    SENDER_REPORT("sender-report"),
    /** No capture time (no extension and no sender report yet). */
    NONE(null);

    private final String jsonName;

    CaptureTimeSource(String jsonName) {
        this.jsonName = jsonName;
    }

    /** A capture time latency may be worked out from. */
    public boolean measured() {
        return this == PATTERN || this == ABS_CAPTURE_TIME;
    }

    /** The name in the stats JSON ({@code latency_source}), null for {@link #NONE}. */
    public String jsonName() {
        return jsonName;
    }
}
