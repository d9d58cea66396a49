package org.glasscast.sender.stream;

/** The two media tracks of a glasscast stream, with their fixed RTP and RTSP parameters. */
public enum Track {
    VIDEO("video", 96, 90_000, "trackID=0", 0),
    AUDIO("audio", 97, 48_000, "trackID=1", 2);

    private final String media;
    private final int payloadType;
    private final int clockRate;
    private final String control;
    private final int interleavedChannel;

    Track(String media, int payloadType, int clockRate, String control, int interleavedChannel) {
        this.media = media;
        this.payloadType = payloadType;
        this.clockRate = clockRate;
        this.control = control;
        this.interleavedChannel = interleavedChannel;
    }

    public String media() {
        return media;
    }

    public int payloadType() {
        return payloadType;
    }

    public int clockRate() {
        return clockRate;
    }

    /** The {@code a=control} value of this track in our SDP. */
    public String control() {
        return control;
    }

    /** Default interleaved RTP channel (RTCP is the next one). */
    public int interleavedChannel() {
        return interleavedChannel;
    }

    /** The track a SETUP URL names (its last path segment is our control value), or null. */
    public static Track fromSetupUrl(String url) {
        for (Track t : values()) {
            if (url.endsWith("/" + t.control) || url.equals(t.control)) {
                return t;
            }
        }
        return null;
    }
}
