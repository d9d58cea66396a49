package org.glasscast.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.glasscast.protocol.testing.TrackingAllocator;

class RtcpRoundTripTest {

    private static Arbitrary<Long> unsigned32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    private static Arbitrary<ReportBlock> reportBlock() {
        return Combinators.combine(unsigned32(), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(ReportBlock.MIN_CUMULATIVE_LOST, ReportBlock.MAX_CUMULATIVE_LOST),
                unsigned32(), unsigned32(), unsigned32(), unsigned32()).as(ReportBlock::new);
    }

    @Provide
    Arbitrary<RtcpPacket> packet() {
        Arbitrary<List<ReportBlock>> blocks = reportBlock().list().ofMaxSize(31);
        Arbitrary<RtcpPacket> sr = Combinators.combine(unsigned32(), Arbitraries.longs(), unsigned32(), unsigned32(),
                unsigned32(), blocks).as(SenderReport::new);
        Arbitrary<RtcpPacket> rr = Combinators.combine(unsigned32(), blocks).as(ReceiverReport::new);
        Arbitrary<RtcpPacket> sdes = Combinators.combine(unsigned32(), Arbitraries.strings().ofMaxLength(80))
                .as(SourceDescription::new);
        Arbitrary<RtcpPacket> bye = unsigned32().list().ofMaxSize(31).map(Goodbye::new);
        Arbitrary<RtcpPacket> fb = Combinators.combine(Arbitraries.of(RtcpPacket.RTPFB, RtcpPacket.PSFB),
                Arbitraries.integers().between(0, 31), unsigned32(), unsigned32()).as(FeedbackMessage::new);
        return Arbitraries.oneOf(sr, rr, sdes, bye, fb);
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
