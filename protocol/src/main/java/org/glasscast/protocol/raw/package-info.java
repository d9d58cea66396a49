/**
 * RTP payload format for uncompressed video (RFC 4175): 8-bit YCbCr-4:2:0 (from and to I420 planes)
 * and 8-bit RGB, progressive only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4175">RFC 4175</a>
 */
package org.glasscast.protocol.raw;
