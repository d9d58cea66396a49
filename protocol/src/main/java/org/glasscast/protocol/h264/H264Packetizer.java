package org.glasscast.protocol.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an Annex B access unit into RTP payloads, packetization-mode 1: consecutive small NAL
 * units that fit together go into one STAP-A, a NAL unit larger than the limit into FU-As, any
 * other into a single NAL unit packet. Stateless and thread-safe. AUDs are kept, like other NAL units.
 *
 * <pre>
 * STAP-A (§5.7.1):  [F|NRI|24] [size 16] [NAL 1] [size 16] [NAL 2] ...
 * FU-A   (§5.8):    [F|NRI|28] [S|E|R|type] [fragment]
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184#section-5">RFC 6184 §5</a>
 */
public final class H264Packetizer {
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1200;
    /** A STAP-A's header byte. */
    private static final int STAP_A_HEADER_LENGTH = 1;
    /** A STAP-A's size field before each NAL unit. */
    private static final int STAP_A_SIZE_LENGTH = 2;
    /** FU indicator + FU header. */
    private static final int FU_A_HEADER_LENGTH = 2;

    private final int maxPayloadBytes;

    /** @param maxPayloadBytes largest RTP payload to produce, at least 3 (FU-A headers + 1 byte) */
    public H264Packetizer(int maxPayloadBytes) {
        if (maxPayloadBytes < FU_A_HEADER_LENGTH + 1) {
            throw new IllegalArgumentException("maxPayloadBytes < 3: " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /**
     * The RTP payloads of one access unit, in sending order; the caller writes the RTP headers and
     * sets the marker on the last one.
     *
     * @param annexBAccessUnit the NAL units with start codes; not released, indices untouched
     * @return new buffers the caller owns and releases; empty if there is no NAL unit
     */
    public List<ByteBuf> packetize(ByteBufAllocator alloc, ByteBuf annexBAccessUnit) {
        List<ByteBuf> nals = new ArrayList<>();
        NalUnit.forEachInAnnexB(annexBAccessUnit, nals::add);
        List<ByteBuf> out = new ArrayList<>();
        boolean success = false;
        try {
            int i = 0;
            while (i < nals.size()) {
                ByteBuf nal = nals.get(i);
                if (nal.readableBytes() > maxPayloadBytes) {
                    fragment(alloc, nal, out);
                    i++;
                    continue;
                }
                int end = aggregatable(nals, i);
                if (end - i >= 2) {
                    out.add(aggregate(alloc, nals.subList(i, end)));
                    i = end;
                } else {
                    out.add(alloc.buffer(nal.readableBytes()).writeBytes(nal, nal.readerIndex(), nal.readableBytes()));
                    i++;
                }
            }
            success = true;
            return out;
        } finally {
            if (!success) {
                out.forEach(ByteBuf::release);
            }
        }
    }

    /** End (exclusive) of the longest run from {@code from} that fits in one STAP-A. */
    private int aggregatable(List<ByteBuf> nals, int from) {
        int size = STAP_A_HEADER_LENGTH;
        int end = from;
        while (end < nals.size()) {
            int length = nals.get(end).readableBytes();
            if (length > 0xFFFF || size + STAP_A_SIZE_LENGTH + length > maxPayloadBytes) {
                break;
            }
            size += STAP_A_SIZE_LENGTH + length;
            end++;
        }
        return end;
    }

    private static ByteBuf aggregate(ByteBufAllocator alloc, List<ByteBuf> nals) {
        int size = STAP_A_HEADER_LENGTH;
        int forbidden = 0;
        int nri = 0;
        for (ByteBuf nal : nals) {
            int header = nal.getUnsignedByte(nal.readerIndex());
            forbidden |= header & 0x80;
            nri = Math.max(nri, NalUnit.nri(header));
            size += STAP_A_SIZE_LENGTH + nal.readableBytes();
        }
        ByteBuf stap = alloc.buffer(size);
        stap.writeByte(forbidden | nri | NalUnit.STAP_A); // STAP-A header: F|NRI|type=24, §5.7.1
        for (ByteBuf nal : nals) {
            stap.writeShort(nal.readableBytes());          // NAL unit size
            stap.writeBytes(nal, nal.readerIndex(), nal.readableBytes());
        }
        return stap;
    }

    private void fragment(ByteBufAllocator alloc, ByteBuf nal, List<ByteBuf> out) {
        int header = nal.getUnsignedByte(nal.readerIndex());
        int indicator = (header & 0xE0) | NalUnit.FU_A; // FU indicator: F|NRI|type=28, §5.8
        int type = NalUnit.type(header);
        int chunk = maxPayloadBytes - FU_A_HEADER_LENGTH;
        int offset = nal.readerIndex() + 1;              // the NAL header travels in the FU headers
        int end = nal.writerIndex();
        while (offset < end) {
            int length = Math.min(chunk, end - offset);
            boolean first = offset == nal.readerIndex() + 1;
            boolean last = offset + length == end;
            ByteBuf fu = alloc.buffer(FU_A_HEADER_LENGTH + length);
            fu.writeByte(indicator);
            fu.writeByte((first ? 0x80 : 0) | (last ? 0x40 : 0) | type); // FU header: S|E|R=0|type
            fu.writeBytes(nal, offset, length);
            out.add(fu);
            offset += length;
        }
    }
}
