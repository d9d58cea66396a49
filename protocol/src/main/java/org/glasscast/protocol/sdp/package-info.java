/**
 * The subset of SDP an RTSP DESCRIBE or a push-mode .sdp file needs: one session, its media, their
 * rtpmap/fmtp/extmap/control attributes; and the H.264 fmtp parameters.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866">RFC 8866</a>
 */
package org.glasscast.protocol.sdp;
