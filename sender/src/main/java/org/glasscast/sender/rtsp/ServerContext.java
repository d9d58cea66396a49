package org.glasscast.sender.rtsp;

import io.netty.channel.Channel;
import org.glasscast.protocol.raw.RawFormat;
import org.glasscast.protocol.rtsp.RtspAuth;
import org.glasscast.sender.SenderStats;
import org.glasscast.sender.stream.StreamPublisher;

/**
 * What every RTSP connection of one server shares: the stream (raw = RFC 4175 format, or null for
 * H.264), the sessions, the UDP port pair, and the password check (null: none asked).
 */
record ServerContext(StreamPublisher publisher, RawFormat raw, SessionRegistry sessions, RtcpReceiver rtcp,
                     SenderStats stats, boolean audio, Channel rtpChannel, Channel rtcpChannel, int rtpPort,
                     int rtcpPort, RtspAuth.Server auth) {
}
