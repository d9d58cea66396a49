package org.glasscast.protocol.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.glasscast.protocol.rtp.RtpPacketWriter;
import org.glasscast.protocol.testing.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RawDepacketizerTest {
    private static final RawFormat TINY = RawFormat.of(RawSampling.YCBCR_420, 4, 2);
    /** Y 4x2, then Cb 2x1, then Cr 2x1: the I420 frame the hand-written packets carry. */
    private static final byte[] TINY_I420 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final RawDepacketizer depacketizer = new RawDepacketizer(TINY, alloc);
    private final List<RawFrame> out = new ArrayList<>();

    @AfterEach
    void allReleased() {
        out.forEach(RawFrame::release);
        depacketizer.close();
        alloc.assertAllReleased();
    }

    /** RTP packet: V=2, marker, PT 96, sequence, timestamp, SSRC 0x11, then the payload bytes. */
    private void receive(int sequence, long timestamp, boolean marker, int... payload) {
        ByteBuf p = alloc.buffer();
        p.writeByte(0x80);                       // V=2, no padding, no extension, CC=0
        p.writeByte((marker ? 0x80 : 0) | 96);   // M | PT=96
        p.writeShort(sequence);                  // sequence number
        p.writeInt((int) timestamp);             // timestamp
        p.writeInt(0x11);                        // SSRC
        for (int b : payload) {
            p.writeByte(b);
        }
        depacketizer.depacketize(p, out::add);
        assertThat(p.refCnt()).isEqualTo(1);
        p.release();
    }

    @Test
    void tinyFrameInOnePacket() {
        receive(7, 900, true,
                0x00, 0x00,             // Extended Sequence Number: high bits 0
                0x00, 0x0C,             // Length 12: two 4:2:0 pgroups
                0x00, 0x00,             // F=0 | Line No 0 (scan lines 0 and 1)
                0x00, 0x00,             // C=0 (last header) | Offset 0
                1, 2, 5, 6, 9, 11,      // pgroup 0: Y00 Y01 Y10 Y11 Cb00 Cr00
                3, 4, 7, 8, 10, 12);    // pgroup 1: Y02 Y03 Y12 Y13 Cb01 Cr01
        assertThat(out).hasSize(1);
        RawFrame frame = out.get(0);
        assertThat(frame.complete()).isTrue();
        assertThat(frame.rtpTimestamp()).isEqualTo(900);
        assertThat(ByteBufUtil.getBytes(frame.content())).containsExactly(TINY_I420);
        assertThat(ByteBufUtil.getBytes(frame.plane(1))).containsExactly(9, 10);
        assertThat(depacketizer.malformedCount()).isZero();
    }

    @Test
    void packetizerWritesTheSameBytes() {
        RawPacketizer packetizer = new RawPacketizer(TINY, 1200);
        RawPlanes picture = RawPlanes.i420(java.nio.ByteBuffer.wrap(TINY_I420, 0, 8).slice(), 4,
                java.nio.ByteBuffer.wrap(new byte[] {9, 10}), 2, java.nio.ByteBuffer.wrap(new byte[] {11, 12}), 2);
        List<ByteBuf> payloads = packetizer.packetize(alloc, picture, 7);
        assertThat(payloads).hasSize(1);
        assertThat(ByteBufUtil.hexDump(payloads.get(0)))
                .isEqualTo("0000" + "000c" + "0000" + "0000" + "01020506090b" + "030407080a0c");
        payloads.forEach(ByteBuf::release);
    }

    @Test
    void oneLineSplitOverTwoPacketsWithOffset() {
        receive(1, 900, false,
                0x00, 0x00,             // Extended Sequence Number
                0x00, 0x06,             // Length 6: one pgroup
                0x00, 0x00,             // F=0 | Line No 0
                0x00, 0x00,             // C=0 | Offset 0
                1, 2, 5, 6, 9, 11);
        receive(2, 900, true,
                0x00, 0x00,             // Extended Sequence Number
                0x00, 0x06,             // Length 6
                0x00, 0x00,             // F=0 | Line No 0
                0x00, 0x02,             // C=0 | Offset 2 (pixels)
                3, 4, 7, 8, 10, 12);
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.complete()).isTrue();
            assertThat(f.packetCount()).isEqualTo(2);
            assertThat(ByteBufUtil.getBytes(f.content())).containsExactly(TINY_I420);
        });
    }

    @Test
    void missingSegmentMakesItIncomplete() {
        receive(1, 900, true, 0, 0, 0, 6, 0, 0, 0, 2, 3, 4, 7, 8, 10, 12);
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.complete()).isFalse();
            assertThat(ByteBufUtil.getBytes(f.content())).containsExactly(0, 0, 3, 4, 0, 0, 7, 8, 0, 10, 0, 12);
        });
        assertThat(depacketizer.incompleteCount()).isEqualTo(1);
    }

    @Test
    void malformedPacketsAreCountedAndDropped() {
        receive(1, 900, false, 0, 0, 0, 6);                                  // truncated header
        receive(2, 900, false, 0, 0, 0, 6, 0, 0, 0x80, 0, 1, 2, 3, 4, 5, 6);  // C=1 but no next header
        receive(3, 900, false, 0, 0, 0, 5, 0, 0, 0, 0, 1, 2, 3, 4, 5);        // length not whole pgroups
        receive(4, 900, false, 0, 0, 0, 6, 0, 1, 0, 0, 1, 2, 3, 4, 5, 6);     // odd line in 4:2:0
        receive(5, 900, false, 0, 0, 0, 6, 0, 2, 0, 0, 1, 2, 3, 4, 5, 6);     // line 2 of a 2-line picture
        receive(6, 900, false, 0, 0, 0, 12, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6); // past the width
        receive(7, 900, false, 0, 0, 0, 6, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6);     // offset inside a pgroup
        receive(8, 900, false, 0, 0, 0, 12, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6);    // data truncated
        receive(9, 900, false, 0, 0, 0, 6, 0x80, 0, 0, 0, 1, 2, 3, 4, 5, 6);  // F=1: interlaced
        receive(10, 900, true, 0, 0, 0, 0, 0, 0, 0, 0);                       // empty segment
        assertThat(depacketizer.malformedCount()).isEqualTo(10);
        assertThat(out).singleElement().satisfies(f -> assertThat(f.complete()).isFalse());
        assertThat(ByteBufUtil.getBytes(out.get(0).content())).containsOnly(0);
    }

    @Test
    void timestampChangeEmitsThePreviousFrameIncomplete() {
        receive(1, 900, false, 0, 0, 0, 12, 0, 0, 0, 0, 1, 2, 5, 6, 9, 11, 3, 4, 7, 8, 10, 12);
        receive(2, 1800, true, 0, 0, 0, 12, 0, 0, 0, 0, 1, 2, 5, 6, 9, 11, 3, 4, 7, 8, 10, 12);
        assertThat(out).extracting(RawFrame::rtpTimestamp).containsExactly(900L, 1800L);
        assertThat(out).extracting(RawFrame::complete).containsExactly(false, true);
    }

    @Test
    void lateAndDuplicatePacketsAreDropped() {
        receive(5, 900, false, 0, 0, 0, 6, 0, 0, 0, 0, 1, 2, 5, 6, 9, 11);
        receive(5, 900, false, 0, 0, 0, 6, 0, 0, 0, 0, 1, 2, 5, 6, 9, 11);
        receive(4, 900, false, 0, 0, 0, 6, 0, 0, 0, 0, 1, 2, 5, 6, 9, 11);
        receive(6, 900, true, 0, 0, 0, 6, 0, 0, 0, 2, 3, 4, 7, 8, 10, 12);
        assertThat(depacketizer.lateCount()).isEqualTo(2);
        assertThat(out).singleElement().satisfies(f -> assertThat(f.complete()).isTrue());
    }

    @Test
    void reusedBufferStartsBlank() {
        receive(1, 900, true, 0, 0, 0, 12, 0, 0, 0, 0, 1, 2, 5, 6, 9, 11, 3, 4, 7, 8, 10, 12);
        out.remove(0).release();
        receive(2, 1800, true, 0, 0, 0, 6, 0, 0, 0, 2, 3, 4, 7, 8, 10, 12);
        assertThat(ByteBufUtil.getBytes(out.get(0).content())).containsExactly(0, 0, 3, 4, 0, 0, 7, 8, 0, 10, 0, 12);
    }

    /** Released frames give their buffer back; a consumer holding many gets extra buffers, counted. */
    @Test
    void frameBuffersComeFromABoundedPool() {
        TrackingAllocator frameAlloc = new TrackingAllocator();
        RawDepacketizer receiver = new RawDepacketizer(TINY, frameAlloc);
        List<RawFrame> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ByteBuf p = alloc.buffer().writeBytes(new byte[] {(byte) 0x80, (byte) 0xE0, 0, (byte) i, 0, 0, 0, (byte) i,
                    0, 0, 0, 1, 0, 0, 0, 12, 0, 0, 0, 0, 1, 2, 5, 6, 9, 11, 3, 4, 7, 8, 10, 12});
            receiver.depacketize(p, i < 10 ? RawFrame::release : held::add);
            p.release();
        }
        assertThat(held).hasSize(10).allSatisfy(f -> assertThat(f.complete()).isTrue());
        assertThat(frameAlloc.allocatedCount()).isEqualTo(1 + 9);
        assertThat(receiver.poolOverflowCount()).isEqualTo(6);
        held.forEach(RawFrame::release);
        receiver.close();
        frameAlloc.assertAllReleased();
    }

    /** Whatever packet of a frame is lost, that frame is incomplete and the next one complete. */
    @Property(tries = 40)
    void lossOfAnyOnePacket(@ForAll @IntRange(min = 0, max = 200) int lostIndex, @ForAll long seed) {
        TrackingAllocator alloc = new TrackingAllocator();
        RawFormat format = RawFormat.of(RawSampling.YCBCR_420, 160, 120);
        RawPacketizer packetizer = new RawPacketizer(format, 1200);
        RawDepacketizer receiver = new RawDepacketizer(format, alloc);
        RtpPacketWriter writer = new RtpPacketWriter(96, 1, 65500);
        int lost = lostIndex % packetizer.packetCount();
        List<RawFrame> frames = new ArrayList<>();
        Random random = new Random(seed);
        int[] index = {0};
        try {
            for (int f = 0; f < 3; f++) {
                RawPlanes picture = Pictures.random(format, random, 0);
                boolean lossy = f == 1;
                index[0] = 0;
                Pictures.send(packetizer, writer, alloc, picture, 3000L * f, 0, p -> {
                    if (!lossy || index[0]++ != lost) {
                        receiver.depacketize(p, frames::add);
                    }
                });
                if (f == 2) {
                    assertThat(frames.get(frames.size() - 1).complete()).isTrue();
                    Pictures.assertSame(picture, frames.get(frames.size() - 1));
                }
            }
            receiver.flush(frames::add);
            assertThat(frames).extracting(RawFrame::complete).containsExactly(true, false, true);
            assertThat(receiver.lostCount()).isEqualTo(1);
            assertThat(receiver.incompleteCount()).isEqualTo(1);
        } finally {
            frames.forEach(RawFrame::release);
            receiver.close();
        }
        alloc.assertAllReleased();
    }

    /** Random bytes after a valid RTP header never throw and never leak. */
    @Property(tries = 500)
    void randomPayloadsNeverThrow(@ForAll byte[] payload, @ForAll boolean marker) {
        int[] bytes = new int[Math.min(payload.length, 64)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = payload[i];
        }
        receive(1 + out.size(), 900 + out.size(), marker, bytes);
        assertThat(out).allSatisfy(f -> assertThat(f.content().readableBytes()).isEqualTo(TINY.frameBytes()));
    }
}
