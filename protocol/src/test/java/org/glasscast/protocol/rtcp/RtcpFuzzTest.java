package org.glasscast.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.glasscast.protocol.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Decoding any bytes returns packets or throws {@link RtcpException}, nothing else, and allocates
 * in proportion to the bytes present, never to what a length field claims.
 */
class RtcpFuzzTest {
    /** Per input byte: records, lists and their boxing for the densest packet (a NACK) take far less. */
    private static final long BYTES_PER_INPUT_BYTE = 64;
    /** Whatever the input: the result list, an exception's stack trace. */
    private static final long FIXED_BYTES = 64 * 1024;
    /** Inputs stay far below what a length field can claim (65535 words): trusting one would show. */
    private static final int MAX_INPUT = 2048;

    @Provide
    Arbitrary<RtcpPacket> packet() {
        return RtcpArbitraries.packet();
    }

    @Property(tries = 2000)
    void randomBytes(@ForAll @Size(max = MAX_INPUT) byte[] bytes, @ForAll boolean version2) {
        if (version2 && bytes.length > 0) {
            bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        decodeBounded(buf);
        buf.release();
    }

    @Property(tries = 2000)
    void validPacketsWithBitsFlipped(@ForAll @Size(min = 1, max = 6) List<@From("packet") RtcpPacket> packets,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> flips) {
        ByteBuf buf = encode(packets);
        for (int flip : flips) {
            int bit = flip % (8 * buf.readableBytes());
            buf.setByte(bit / 8, buf.getByte(bit / 8) ^ 1 << bit % 8);
        }
        decodeBounded(buf);
        buf.release();
    }

    @Property(tries = 1000)
    void validPacketsTruncated(@ForAll @Size(min = 1, max = 6) List<@From("packet") RtcpPacket> packets,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
        ByteBuf buf = encode(packets);
        decodeBounded(buf.slice(0, cut % buf.readableBytes()));
        buf.release();
    }

    /** A 16-bit value written at an even offset hits packet, XR block and NACK/FIR lengths alike. */
    @Property(tries = 2000)
    void validPacketsWithALengthOverwritten(@ForAll @Size(min = 1, max = 6) List<@From("packet") RtcpPacket> packets,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int at, @ForAll("length") int length,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
        ByteBuf buf = encode(packets);
        int index = 2 * (at % (buf.readableBytes() / 2));
        buf.setShort(index, length);
        decodeBounded(buf.slice(0, Math.max(index + 2, cut % (buf.readableBytes() + 1))));
        buf.release();
    }

    @Provide
    Arbitrary<Integer> length() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 0x7FFF, 0xFFFE, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF));
    }

    @Test
    void lengthFieldsClaimingTheMostAllocateNothingForIt() {
        for (String hex : new String[] {
                "81cdffff" + "00000001" + "00000002" + "00010000",   // NACK claiming 65535 words
                "80cf0003" + "00000001" + "0500ffff" + "00000000",   // XR whose DLRR claims 65535 words
                "80cf0002" + "00000001" + "0500fffd" + "",           // and one whose block ends the packet
                "9fc9ffff" + "00000001",                             // RR claiming 31 blocks and 65535 words
        }) {
            ByteBuf buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
            decodeBounded(buf);
            buf.release();
        }
    }

    private static List<RtcpPacket> decodeOrEmpty(ByteBuf buf) {
        try {
            return RtcpCodec.decode(buf);
        } catch (RtcpException expected) {
            return List.of(); // the one documented failure
        }
    }

    private static ByteBuf encode(List<RtcpPacket> packets) {
        ByteBuf encoded = RtcpCodec.encode(UnpooledByteBufAllocator.DEFAULT, packets.toArray(RtcpPacket[]::new));
        ByteBuf copy = Unpooled.wrappedBuffer(ByteBufUtil.getBytes(encoded)); // heap, not leak-tracked: cheap to read
        encoded.release();
        return copy;
    }

    /**
     * Decodes, accepting only packets or an RtcpException, and bounds the bytes allocated. The
     * second decode of the same bytes is the one measured: the first links what its path runs for
     * the first time in this JVM (an exception message's string concatenation takes ~100 KB once).
     */
    private static void decodeBounded(ByteBuf buf) {
        int length = buf.readableBytes();
        List<RtcpPacket> packets = decodeOrEmpty(buf);
        assertThat(packets).doesNotContainNull();
        long before = AllocationMeter.allocatedBytes();
        decodeOrEmpty(buf);
        long allocated = AllocationMeter.allocatedBytes() - before;
        assertThat(allocated).as("bytes allocated decoding %d bytes", length)
                .isLessThanOrEqualTo(FIXED_BYTES + BYTES_PER_INPUT_BYTE * length);
    }
}
