package org.glasscast.sender;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Everything {@code glasscast send} was asked to do, already validated.
 *
 * @param listen   RTSP server address (pull mode), or null in push mode
 * @param pushTo   push-mode RTP destination (video RTP port; RTCP +1, audio +2/+3), or null
 * @param sdpFile  where push mode writes the SDP a player opens, or null
 * @param durationSeconds stop after this long; 0 = until interrupted
 */
public record SenderConfig(String source, String audio, int width, int height, int fps, int bitrateKbps,
                           String encoder, int mtu, InetSocketAddress listen, InetSocketAddress pushTo,
                           Path sdpFile, double durationSeconds, Path statsJson, boolean quiet) {

    public boolean audioEnabled() {
        return !"none".equals(audio);
    }
}
