package org.glasscast.protocol.rtcp;

import java.util.List;

/**
 * BYE: the listed sources leave the session (the optional reason is not kept).
 *
 * <pre>
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * |                           SSRC/CSRC                           |
 * :                              ...                              :
 * |     length    |               reason for leaving            ... (opt)
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.6">RFC 3550 §6.6</a>
 */
public record Goodbye(List<Long> ssrcs) implements RtcpPacket {

    public Goodbye {
        ssrcs = List.copyOf(ssrcs);
        Fields.checkCount("sources", ssrcs.size());
        ssrcs.forEach(ssrc -> Fields.checkUnsigned32("ssrc", ssrc));
    }

    @Override
    public int packetType() {
        return BYE;
    }
}
