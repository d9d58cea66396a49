/**
 * RTP and RTCP interleaved in the RTSP TCP connection: '$', channel, 16-bit length, packet.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2326#section-10.12">RFC 2326 §10.12</a>
 */
package org.glasscast.protocol.interleaved;
