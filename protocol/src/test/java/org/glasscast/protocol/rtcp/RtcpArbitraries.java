package org.glasscast.protocol.rtcp;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of every RTCP packet the codec reads and writes. */
final class RtcpArbitraries {
    private RtcpArbitraries() {
    }

    static Arbitrary<Long> unsigned32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<ReportBlock> reportBlock() {
        return Combinators.combine(unsigned32(), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(ReportBlock.MIN_CUMULATIVE_LOST, ReportBlock.MAX_CUMULATIVE_LOST),
                unsigned32(), unsigned32(), unsigned32(), unsigned32()).as(ReportBlock::new);
    }

    static Arbitrary<RtcpPacket> packet() {
        Arbitrary<List<ReportBlock>> blocks = reportBlock().list().ofMaxSize(31);
        Arbitrary<RtcpPacket> sr = Combinators.combine(unsigned32(), Arbitraries.longs(), unsigned32(), unsigned32(),
                unsigned32(), blocks).as(SenderReport::new);
        Arbitrary<RtcpPacket> rr = Combinators.combine(unsigned32(), blocks).as(ReceiverReport::new);
        Arbitrary<RtcpPacket> sdes = Combinators.combine(unsigned32(), Arbitraries.strings().ofMaxLength(80))
                .as(SourceDescription::new);
        Arbitrary<RtcpPacket> bye = unsigned32().list().ofMaxSize(31).map(Goodbye::new);
        Arbitrary<RtcpPacket> headerOnly = Combinators.combine(Arbitraries.of(RtcpPacket.RTPFB, RtcpPacket.PSFB),
                Arbitraries.integers().between(0, 31), unsigned32(), unsigned32()).as(FeedbackMessage::new);
        return Arbitraries.oneOf(sr, rr, sdes, bye, headerOnly, nack(), fir(), extendedReport());
    }

    static Arbitrary<RtcpPacket> nack() {
        Arbitrary<NackEntry> entry = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF)).as(NackEntry::new);
        return Combinators.combine(unsigned32(), unsigned32(), entry.list().ofMinSize(1).ofMaxSize(40))
                .as(FeedbackMessage::nack);
    }

    static Arbitrary<RtcpPacket> fir() {
        Arbitrary<FirEntry> entry = Combinators.combine(unsigned32(), Arbitraries.integers().between(0, 255))
                .as(FirEntry::new);
        return Combinators.combine(unsigned32(), entry.list().ofMinSize(1).ofMaxSize(8)).as(FeedbackMessage::fir);
    }

    static Arbitrary<RtcpPacket> extendedReport() {
        Arbitrary<ExtendedReport.Block> rrtr = Arbitraries.longs().map(ReceiverReferenceTime::new);
        Arbitrary<ExtendedReport.Block> dlrr = Combinators.combine(unsigned32(), unsigned32(), unsigned32())
                .as(Dlrr.SubBlock::new).list().ofMaxSize(6).map(Dlrr::new);
        return Combinators.combine(unsigned32(), Arbitraries.oneOf(rrtr, dlrr).list().ofMaxSize(4))
                .as(ExtendedReport::new);
    }
}
