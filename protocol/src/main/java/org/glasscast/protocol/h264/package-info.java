/**
 * H.264 over RTP in packetization-mode 1 (single NAL unit, STAP-A, FU-A): Annex B splitting,
 * the packetizer, and the depacketizer that reassembles access units.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184">RFC 6184</a>
 */
package org.glasscast.protocol.h264;
