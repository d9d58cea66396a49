package org.glasscast.protocol.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One SDES chunk reduced to its CNAME: the canonical name that ties a participant's SSRCs together.
 *
 * <pre>
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * |                          SSRC/CSRC_1                          |
 * |    CNAME=1    |     length    | user and domain name        ...
 * |  ... 0 (end), 0-3 more nulls to the 32-bit boundary           |
 * </pre>
 *
 * @param cname at most 255 bytes in UTF-8
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.5">RFC 3550 §6.5</a>
 */
public record SourceDescription(long ssrc, String cname) implements RtcpPacket {
    public static final int CNAME = 1;

    public SourceDescription {
        Fields.checkUnsigned32("ssrc", ssrc);
        Objects.requireNonNull(cname, "cname");
        if (cname.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("cname longer than 255 bytes");
        }
    }

    @Override
    public int packetType() {
        return SDES;
    }
}
