package org.glasscast.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.glasscast.protocol.testing.TrackingAllocator;

class RtcpRoundTripTest {

    @Provide
    Arbitrary<RtcpPacket> packet() {
        return RtcpArbitraries.packet();
    }

    @Property(tries = 200)
    void encodeThenDecodeGivesTheSamePackets(@ForAll @Size(min = 1, max = 6) List<@From("packet") RtcpPacket> packets) {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf compound = RtcpCodec.encode(alloc, packets.toArray(RtcpPacket[]::new));
        assertThat(compound.readableBytes() % 4).isZero();
        assertThat(RtcpCodec.looksLikeRtcp(compound)).isTrue();
        assertThat(RtcpCodec.decode(compound)).containsExactlyElementsOf(packets);
        compound.release();
        alloc.assertAllReleased();
    }

    @Property(tries = 500)
    void arbitraryBytesDecodeOrThrowRtcpException(@ForAll @Size(max = 80) byte[] bytes, @ForAll boolean version2) {
        if (version2 && bytes.length > 0) {
            bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            RtcpCodec.looksLikeRtcp(buf);
            RtcpCodec.decode(buf);
        } catch (RtcpException expected) {
            // the one documented failure
        } finally {
            buf.release();
        }
    }
}
