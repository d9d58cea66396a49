package org.glasscast.sender.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glasscast.protocol.raw.RawFormat;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.glasscast.protocol.sdp.H264Fmtp;
import org.glasscast.protocol.sdp.MediaDescription;
import org.glasscast.protocol.sdp.SessionDescription;
import org.glasscast.sender.media.OpusEncoder;

/** The SDP of our stream: H.264 (packetization-mode 1, SPS/PPS as sprop) and Opus. */
public final class StreamDescription {
    /**
     * Each Opus packet holds one frame, so a=ptime and a=maxptime are both its duration, in whole
     * ms rounded up as RFC 7587 §6.1 writes them: 10. ffmpeg, GStreamer and our viewer do not
     * need them; each packet's TOC says how long it lasts.
     */
    static final int OPUS_PTIME_MILLIS = (int) ((OpusEncoder.FRAME_MICROS + 999) / 1000);

    private StreamDescription() {
    }

    /**
     * For RTSP DESCRIBE: ports 0, controls relative to the Content-Base.
     *
     * @param raw the uncompressed format when the video is RFC 4175, null for H.264
     */
    public static SessionDescription forRtsp(StreamPublisher publisher, RawFormat raw, boolean audio,
                                             String originAddress) {
        return describe(publisher, raw, audio, originAddress, null, 0, "*");
    }

    /** For push mode: the destination and ports a player binds (video port, audio port + 2). */
    public static SessionDescription forPush(StreamPublisher publisher, RawFormat raw, boolean audio, String host,
                                             int videoPort) {
        return describe(publisher, raw, audio, host, host, videoPort, null);
    }

    private static SessionDescription describe(StreamPublisher publisher, RawFormat raw, boolean audio, String origin,
                                               String connection, int videoPort, String sessionControl) {
        boolean rtsp = sessionControl != null;
        List<MediaDescription> media = new ArrayList<>();
        Map<String, String> fmtp;
        if (raw != null) {
            fmtp = raw.fmtp();
        } else if (publisher.sps() != null && publisher.pps() != null) {
            fmtp = H264Fmtp.fmtp(publisher.sps(), publisher.pps());
        } else {
            fmtp = Map.of("packetization-mode", "1");
        }
        media.add(new MediaDescription(Track.VIDEO.media(), videoPort, "RTP/AVP", Track.VIDEO.payloadType(),
                raw != null ? RawFormat.ENCODING_NAME : "H264", Track.VIDEO.clockRate(), 0, new LinkedHashMap<>(fmtp),
                rtsp ? Track.VIDEO.control() : null, Map.of(AbsCaptureTime.DEFAULT_ID, AbsCaptureTime.URI), null));
        if (audio) {
            Map<String, String> opusFmtp = new LinkedHashMap<>();
            opusFmtp.put("sprop-stereo", "1");
            media.add(new MediaDescription(Track.AUDIO.media(), rtsp ? 0 : videoPort + 2, "RTP/AVP",
                    Track.AUDIO.payloadType(), "opus", Track.AUDIO.clockRate(), 2, opusFmtp,
                    rtsp ? Track.AUDIO.control() : null, Map.of(AbsCaptureTime.DEFAULT_ID, AbsCaptureTime.URI), null,
                    OPUS_PTIME_MILLIS, OPUS_PTIME_MILLIS));
        }
        return new SessionDescription(origin, "glasscast", connection == null ? "0.0.0.0" : connection,
                sessionControl, media);
    }
}
