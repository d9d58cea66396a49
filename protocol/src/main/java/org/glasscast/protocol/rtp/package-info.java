/**
 * RTP packets as views over Netty buffers: the header, sequence arithmetic, NTP time, RFC 8285
 * header extensions (abs-capture-time), the writer of one outgoing stream and RTX (RFC 4588)
 * retransmission packets.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550">RFC 3550</a>
 */
package org.glasscast.protocol.rtp;
