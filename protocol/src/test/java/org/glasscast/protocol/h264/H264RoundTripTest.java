package org.glasscast.protocol.h264;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.protocol.rtp.RtpHeader;
import org.glasscast.protocol.rtp.RtpPacketWriter;
import org.glasscast.protocol.testing.TrackingAllocator;

/** Annex B → packetize(1200) → RTP → depacketize gives back the same NAL units. */
class H264RoundTripTest {
    private static final int MAX_PAYLOAD = 1200;

    /** A valid NAL unit: type 1..23, any NRI, emulation-prevented body that does not end in 00. */
    @Provide
    Arbitrary<byte[]> nal() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> large = Arbitraries.bytes().array(byte[].class).ofMaxSize(4999);
        return Combinators.combine(Arbitraries.integers().between(1, 23), Arbitraries.integers().between(0, 3),
                Arbitraries.oneOf(small, large)).as((type, nri, body) -> nal(nri << 5 | type, body));
    }

    @Provide
    Arbitrary<List<byte[]>> accessUnit() {
        return nal().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> firstSequence() {
        return Arbitraries.oneOf(Arbitraries.integers().between(65520, 65535), Arbitraries.integers().between(0, 65535));
    }

    static byte[] nal(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int zeros = 0;
        for (byte b : body) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out.write(3); // emulation_prevention_three_byte
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        if (zeros > 0) {
            out.write(0x80); // rbsp_stop_one_bit: a NAL unit never ends in 00
        }
        return out.toByteArray();
    }

    @Property(tries = 200)
    void nalUnitsSurviveTheRoundTrip(@ForAll("accessUnit") List<byte[]> first, @ForAll("accessUnit") List<byte[]> second,
            @ForAll("firstSequence") int sequence, @ForAll boolean threeByteStartCodes) {
        TrackingAllocator alloc = new TrackingAllocator();
        RtpPacketWriter writer = new RtpPacketWriter(96, 0x1234, sequence);
        List<ByteBuf> packets = new ArrayList<>();
        long ntp = NtpTime.fromUnixMicros(1_700_000_000_000_000L);
        packets.addAll(rtp(alloc, writer, first, 90_000, ntp, threeByteStartCodes));
        packets.addAll(rtp(alloc, writer, second, 93_000, ntp + 1, threeByteStartCodes));

        List<AccessUnit> out = depacketize(alloc, packets);
        assertThat(out).hasSize(2);
        assertThat(nals(out.get(0))).containsExactlyElementsOf(first);
        assertThat(nals(out.get(1))).containsExactlyElementsOf(second);
        assertThat(out).allMatch(AccessUnit::complete);
        assertThat(out.get(0).absCaptureTimeNtp()).isEqualTo(ntp);
        assertThat(out.get(0).firstSequence()).isEqualTo(sequence);
        assertThat(out.get(0).keyframe()).isEqualTo(first.stream().anyMatch(n -> NalUnit.type(n[0]) == NalUnit.IDR));
        assertThat(out.get(1).rtpTimestamp()).isEqualTo(93_000);
        out.forEach(AccessUnit::release);
        alloc.assertAllReleased();
    }

    @Property(tries = 200)
    void losingAnyPacketOfAnAccessUnitSparesTheNextOne(@ForAll("accessUnit") List<byte[]> lossy,
            @ForAll("accessUnit") List<byte[]> next, @ForAll("firstSequence") int sequence,
            @ForAll @IntRange(max = 1000) int dropChoice) {
        lossy.add(nal(0x41, new byte[2000])); // at least two packets
        TrackingAllocator alloc = new TrackingAllocator();
        RtpPacketWriter writer = new RtpPacketWriter(96, 0x1234, sequence);
        List<ByteBuf> before = rtp(alloc, writer, List.of(nal(0x65, new byte[] {1})), 0, 0, false);
        List<ByteBuf> packets = rtp(alloc, writer, lossy, 3000, 0, false);
        List<ByteBuf> after = rtp(alloc, writer, next, 6000, 0, false);
        packets.remove(dropChoice % packets.size()).release();
        packets.addAll(0, before);
        packets.addAll(after);

        List<AccessUnit> out = depacketize(alloc, packets);
        assertThat(out.get(0).complete()).isTrue();
        AccessUnit last = out.get(out.size() - 1);
        assertThat(last.rtpTimestamp()).isEqualTo(6000);
        assertThat(last.complete()).isTrue();
        assertThat(nals(last)).containsExactlyElementsOf(next);
        assertThat(out).filteredOn(au -> au.rtpTimestamp() == 3000).allMatch(au -> !au.complete());
        out.forEach(AccessUnit::release);
        alloc.assertAllReleased();
    }

    @Property(tries = 300)
    void randomPayloadsNeverThrowNorLeak(@ForAll @Size(max = 12) List<@Size(max = 60) byte[]> payloads,
            @ForAll boolean markers) {
        TrackingAllocator alloc = new TrackingAllocator();
        RtpPacketWriter writer = new RtpPacketWriter(96, 1, 65533);
        H264Depacketizer depacketizer = new H264Depacketizer(alloc, 100, 1);
        List<AccessUnit> out = new ArrayList<>();
        int i = 0;
        for (byte[] payload : payloads) {
            ByteBuf body = alloc.buffer().writeBytes(payload);
            ByteBuf packet = writer.write(alloc, body, i / 3, markers && i % 3 == 2, i);
            if (i % 5 == 4) {
                packet.setByte(0, payload.length > 0 ? payload[0] : 0); // sometimes a broken RTP header
            }
            depacketizer.depacketize(packet, out::add);
            body.release();
            packet.release();
            ByteBuf raw = alloc.buffer().writeBytes(payload); // the bare bytes as a packet too
            depacketizer.depacketize(raw, out::add);
            raw.release();
            i++;
        }
        depacketizer.flush(out::add);
        assertThat(out).allMatch(au -> au.content().readableBytes() <= 100);
        out.forEach(AccessUnit::release);
        alloc.assertAllReleased();
    }

    /** One access unit as RTP packets: Annex B, packetized, headers written, marker on the last. */
    static List<ByteBuf> rtp(TrackingAllocator alloc, RtpPacketWriter writer, List<byte[]> nals, long timestamp,
            long ntp, boolean threeByteStartCodes) {
        ByteBuf annexB = alloc.buffer();
        for (byte[] nal : nals) {
            annexB.writeBytes(threeByteStartCodes ? new byte[] {0, 0, 1} : new byte[] {0, 0, 0, 1}).writeBytes(nal);
        }
        List<ByteBuf> payloads = new H264Packetizer(MAX_PAYLOAD).packetize(alloc, annexB);
        annexB.release();
        List<ByteBuf> packets = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            ByteBuf payload = payloads.get(i);
            assertThat(payload.readableBytes()).isLessThanOrEqualTo(MAX_PAYLOAD);
            packets.add(writer.write(alloc, payload, timestamp, i == payloads.size() - 1, i == 0 ? ntp : 0));
            payload.release();
        }
        return packets;
    }

    /** Feeds and releases the packets. */
    static List<AccessUnit> depacketize(TrackingAllocator alloc, List<ByteBuf> packets) {
        H264Depacketizer depacketizer = new H264Depacketizer(alloc, 1 << 20, 1);
        List<AccessUnit> out = new ArrayList<>();
        for (ByteBuf packet : packets) {
            assertThat(RtpHeader.isValid(packet)).isTrue();
            depacketizer.depacketize(packet, out::add);
            packet.release();
        }
        depacketizer.reset();
        return out;
    }

    static List<byte[]> nals(AccessUnit au) {
        List<byte[]> nals = new ArrayList<>();
        NalUnit.forEachInAnnexB(au.content(), nal -> nals.add(ByteBufUtil.getBytes(nal)));
        return nals;
    }
}
