package org.glasscast.protocol.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.glasscast.protocol.rtp.RtpHeader;
import org.glasscast.protocol.rtp.RtpPacketWriter;
import org.glasscast.protocol.rtp.RtpSequenceUnwrapper;
import org.glasscast.protocol.testing.TrackingAllocator;
import org.junit.jupiter.api.Test;

/** Picture → packetize → RTP → depacketize gives back the same samples. */
class RawRoundTripTest {
    @Provide
    Arbitrary<int[]> size() {
        return Arbitraries.of(new int[] {160, 120}, new int[] {320, 240}, new int[] {1280, 720},
                new int[] {162, 122}, new int[] {2, 2}, new int[] {6, 4});
    }

    @Provide
    Arbitrary<Integer> maxPayload() {
        return Arbitraries.of(1200, 9000, 65000);
    }

    @Provide
    Arbitrary<Integer> firstSequence() {
        return Arbitraries.of(65534, 31000);
    }

    /** Every combination: sizes x payload limits x samplings x a start next to the 16-bit wrap or not. */
    @Property(generation = GenerationMode.EXHAUSTIVE)
    void samePictureBack(@ForAll("size") int[] size, @ForAll("maxPayload") int maxPayload,
            @ForAll("firstSequence") int firstSequence, @ForAll RawSampling sampling) {
        long seed = 31L * size[0] + size[1] + maxPayload + firstSequence;
        TrackingAllocator alloc = new TrackingAllocator();
        RawFormat format = RawFormat.of(sampling, size[0], size[1]);
        RawPacketizer packetizer = new RawPacketizer(format, maxPayload);
        RawDepacketizer depacketizer = new RawDepacketizer(format, alloc);
        RtpPacketWriter writer = new RtpPacketWriter(96, 0x1234, firstSequence);
        Random random = new Random(seed);
        RtpSequenceUnwrapper unwrapper = new RtpSequenceUnwrapper();
        List<RawFrame> frames = new ArrayList<>();
        try {
            for (int f = 0; f < 2; f++) {
                RawPlanes picture = Pictures.random(format, random, f * 7);
                int packets = Pictures.send(packetizer, writer, alloc, picture, 3000L * f, 0x1_0000_0000L + f, p -> {
                    assertThat(RtpHeader.payloadLength(p)).isLessThanOrEqualTo(maxPayload);
                    long extended = unwrapper.unwrap(RtpHeader.sequenceNumber(p));
                    assertThat(RtpHeader.payload(p).getUnsignedShort(0)).as("extended sequence number")
                            .isEqualTo((int) (extended >>> 16));
                    depacketizer.depacketize(p, frames::add);
                });
                assertThat(packets).isEqualTo(packetizer.packetCount());
                assertThat(frames).hasSize(f + 1);
                RawFrame frame = frames.get(f);
                assertThat(frame.complete()).isTrue();
                assertThat(frame.rtpTimestamp()).isEqualTo(3000L * f);
                assertThat(frame.absCaptureTimeNtp()).isEqualTo(0x1_0000_0000L + f);
                assertThat(frame.packetCount()).isEqualTo(packets);
                Pictures.assertSame(picture, frame);
            }
            assertThat(depacketizer.malformedCount()).isZero();
            assertThat(depacketizer.incompleteCount()).isZero();
        } finally {
            frames.forEach(RawFrame::release);
            depacketizer.close();
        }
        alloc.assertAllReleased();
    }

    @Test
    void smallFrameTravelsAsOneDatagram() {
        TrackingAllocator alloc = new TrackingAllocator();
        RawFormat format = RawFormat.of(RawSampling.YCBCR_420, 160, 120);
        RawPacketizer packetizer = new RawPacketizer(format, 65000);
        RawPlanes picture = Pictures.random(format, new Random(1), 0);
        List<ByteBuf> payloads = packetizer.packetize(alloc, picture, 0);
        assertThat(payloads).hasSize(1);
        // ext seq + 60 line headers + 60 line pairs of 80 pgroups of 6 octets
        assertThat(payloads.get(0).readableBytes()).isEqualTo(2 + 60 * 6 + 60 * 80 * 6);
        payloads.forEach(ByteBuf::release);
        alloc.assertAllReleased();
    }

    @Test
    void hdFrameAt1200FillsEveryPacketButTheLast() {
        TrackingAllocator alloc = new TrackingAllocator();
        RawFormat format = RawFormat.of(RawSampling.YCBCR_420, 1280, 720);
        RawPacketizer packetizer = new RawPacketizer(format, 1200);
        List<ByteBuf> payloads = packetizer.packetize(alloc, Pictures.random(format, new Random(2), 0), 0);
        assertThat(payloads).hasSize(packetizer.packetCount());
        for (int i = 0; i < payloads.size() - 1; i++) {
            // no room left for another header and a pgroup
            assertThat(1200 - payloads.get(i).readableBytes()).isLessThan(6 + 6);
        }
        assertThat(payloads.size()).isGreaterThan(format.frameBytes() / 1200);
        payloads.forEach(ByteBuf::release);
        alloc.assertAllReleased();
    }
}
