package org.glasscast.protocol.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.glasscast.protocol.testing.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RawPacketizerTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allReleased() {
        alloc.assertAllReleased();
    }

    /** The high 16 bits follow the RTP numbers the caller reports, across wraps and skips. */
    @Test
    void extendedSequenceNumberCountsWraps() {
        RawFormat format = RawFormat.of(RawSampling.RGB, 4, 4);
        RawPacketizer packetizer = new RawPacketizer(format, 2 + 6 + 12); // one line per packet
        RawPlanes picture = Pictures.random(format, new Random(3), 0);
        assertThat(highBits(packetizer.packetize(alloc, picture, 65534))).containsExactly(0, 0, 1, 1);
        assertThat(highBits(packetizer.packetize(alloc, picture, 2))).containsExactly(1, 1, 1, 1);
        // the writer skipped numbers (it also sent other payloads): each start is placed nearest the last end
        assertThat(highBits(packetizer.packetize(alloc, picture, 30000))).containsExactly(1, 1, 1, 1);
        assertThat(highBits(packetizer.packetize(alloc, picture, 60000))).containsExactly(1, 1, 1, 1);
        assertThat(highBits(packetizer.packetize(alloc, picture, 65535))).containsExactly(1, 2, 2, 2);
    }

    @Test
    void severalLinesShareAPacketAndLinesSpanPackets() {
        RawFormat format = RawFormat.of(RawSampling.YCBCR_420, 8, 4);  // 2 header lines of 4 pgroups
        RawPacketizer packetizer = new RawPacketizer(format, 2 + 6 + 24 + 6 + 6); // a line pair and a pgroup
        List<ByteBuf> payloads = packetizer.packetize(alloc, Pictures.random(format, new Random(4), 0), 0);
        assertThat(payloads).hasSize(2);
        ByteBuf first = payloads.get(0);
        // header 1: length 24 (4 pgroups), line 0, C=1, offset 0; header 2: length 6, line 2, C=0, offset 0
        assertThat(new int[] {first.getUnsignedShort(2), first.getUnsignedShort(4), first.getUnsignedShort(6)})
                .containsExactly(24, 0, 0x8000);
        assertThat(new int[] {first.getUnsignedShort(8), first.getUnsignedShort(10), first.getUnsignedShort(12)})
                .containsExactly(6, 2, 0);
        ByteBuf second = payloads.get(1);
        // the rest of line pair 2-3: length 18, line 2, C=0, offset 2 (pixels)
        assertThat(new int[] {second.getUnsignedShort(2), second.getUnsignedShort(4), second.getUnsignedShort(6)})
                .containsExactly(18, 2, 2);
        assertThat(first.readableBytes()).isEqualTo(44);
        assertThat(second.readableBytes()).isEqualTo(2 + 6 + 18);
        payloads.forEach(ByteBuf::release);
    }

    @Test
    void refusesPlanesTooSmallAndLimitsTooSmall() {
        RawFormat format = RawFormat.of(RawSampling.YCBCR_420, 8, 4);
        RawPacketizer packetizer = new RawPacketizer(format, 1200);
        RawPlanes small = RawPlanes.i420(ByteBuffer.allocate(31), 8, ByteBuffer.allocate(8), 4,
                ByteBuffer.allocate(8), 4);
        assertThatThrownBy(() -> packetizer.packetize(alloc, small, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RawPacketizer(format, 13)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RawPacketizer(format, 14).packetCount()).isEqualTo(8);
    }

    private static List<Integer> highBits(List<ByteBuf> payloads) {
        List<Integer> bits = payloads.stream().map(p -> p.getUnsignedShort(0)).toList();
        payloads.forEach(ByteBuf::release);
        return bits;
    }
}
