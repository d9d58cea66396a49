package org.glasscast.sender;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.glasscast.protocol.rtsp.RtspAuth;

/**
 * Everything {@code glasscast send} was asked to do, already validated.
 *
 * @param source   test | screen[:MONITOR][@X,Y,WxH] | camera[:DEVICE] | file:PATH | any FFmpeg URL
 * @param audio    test | none | default | monitor | a device name
 * @param width    output width; 0 = the source's own (for the test pattern, 1280)
 * @param height   output height; 0 = the source's own (for the test pattern, 720); with a real
 *                 source, width x height is the box the picture is scaled into, aspect kept
 * @param codec    h264 | raw (RFC 4175, uncompressed)
 * @param listen   RTSP server address (pull mode), or null in push mode
 * @param pushTo   push-mode RTP destination (video RTP port; RTCP +1, audio +2/+3), or null
 * @param sdpFile  where push mode writes the SDP a player opens, or null
 * @param durationSeconds stop after this long; 0 = until interrupted or the input ends
 * @param auth     user and password the RTSP server asks viewers for (Digest), or null for none
 */
public record SenderConfig(String source, String audio, int width, int height, int fps, int bitrateKbps,
                           String encoder, String codec, boolean cursor, boolean loop, int mtu,
                           InetSocketAddress listen, InetSocketAddress pushTo, Path sdpFile, double durationSeconds,
                           Path statsJson, boolean quiet, RtspAuth.Credentials auth) {

    /** The test pattern at 1280x720, H.264 with the test tone, served on {@code listen}: what tests and the demo use. */
    public static SenderConfig testPattern(InetSocketAddress listen) {
        return new SenderConfig("test", "test", 1280, 720, 30, 0, "libx264", "h264", false, false, 1200, listen, null,
                null, 0, null, true, null);
    }

    public boolean audioEnabled() {
        return !"none".equals(audio);
    }

    public boolean raw() {
        return "raw".equals(codec);
    }

    public SenderConfig withPush(InetSocketAddress to, Path sdp) {
        return new SenderConfig(source, audio, width, height, fps, bitrateKbps, encoder, codec, cursor, loop, mtu, null, to,
                sdp, durationSeconds, statsJson, quiet, auth);
    }

    public SenderConfig withSize(int w, int h) {
        return new SenderConfig(source, audio, w, h, fps, bitrateKbps, encoder, codec, cursor, loop, mtu, listen, pushTo,
                sdpFile, durationSeconds, statsJson, quiet, auth);
    }

    public SenderConfig withFps(int newFps) {
        return new SenderConfig(source, audio, width, height, newFps, bitrateKbps, encoder, codec, cursor, loop, mtu, listen,
                pushTo, sdpFile, durationSeconds, statsJson, quiet, auth);
    }

    public SenderConfig withCodec(String newCodec, int newMtu) {
        return new SenderConfig(source, audio, width, height, fps, bitrateKbps, encoder, newCodec, cursor, loop, newMtu,
                listen, pushTo, sdpFile, durationSeconds, statsJson, quiet, auth);
    }

    public SenderConfig withAuth(RtspAuth.Credentials newAuth) {
        return new SenderConfig(source, audio, width, height, fps, bitrateKbps, encoder, codec, cursor, loop, mtu, listen,
                pushTo, sdpFile, durationSeconds, statsJson, quiet, newAuth);
    }

    public SenderConfig withAudio(String newAudio) {
        return new SenderConfig(source, newAudio, width, height, fps, bitrateKbps, encoder, codec, cursor, loop, mtu, listen,
                pushTo, sdpFile, durationSeconds, statsJson, quiet, auth);
    }
}
