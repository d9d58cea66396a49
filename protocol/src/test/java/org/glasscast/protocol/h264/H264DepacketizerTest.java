package org.glasscast.protocol.h264;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.testing.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {
    private final TrackingAllocator alloc = new TrackingAllocator();
    private final H264Depacketizer depacketizer = new H264Depacketizer(alloc, 4096, 1);
    private final List<AccessUnit> out = new ArrayList<>();

    @AfterEach
    void allReleased() {
        out.forEach(AccessUnit::release);
        depacketizer.reset();
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

    private static String hex(AccessUnit au) {
        return ByteBufUtil.hexDump(au.content());
    }

    @Test
    void singleNalAndStapA() {
        receive(1, 3000, false,
                0x78,                            // STAP-A: NRI=3, type 24
                0x00, 0x02, 0x67, 0x42,          // size 2, SPS
                0x00, 0x01, 0x68);               // size 1, PPS
        receive(2, 3000, true,
                0x65, 0x88);                     // IDR slice, single NAL unit packet
        assertThat(out).hasSize(1);
        AccessUnit au = out.get(0);
        assertThat(hex(au)).isEqualTo("00000001" + "6742" + "00000001" + "68" + "00000001" + "6588");
        assertThat(au.keyframe()).isTrue();
        assertThat(au.complete()).isTrue();
        assertThat(au.rtpTimestamp()).isEqualTo(3000);
        assertThat(au.firstSequence()).isEqualTo(1);
        assertThat(au.lastSequence()).isEqualTo(2);
        assertThat(au.packetCount()).isEqualTo(2);
        assertThat(au.absCaptureTimeNtp()).isZero();
    }

    @Test
    void fuAReassemblesTheNalHeader() {
        receive(65535, 0, false,
                0x7C,                            // FU indicator: NRI=3, type 28
                0x85,                            // FU header: S, type 5
                0x01, 0x02);                     // fragment
        receive(0, 0, false, 0x7C, 0x05, 0x03);  // middle fragment
        receive(1, 0, true, 0x7C, 0x45, 0x04);   // E, type 5
        assertThat(out).hasSize(1);
        assertThat(hex(out.get(0))).isEqualTo("00000001" + "65" + "01020304");
        assertThat(out.get(0).complete()).isTrue();
        assertThat(out.get(0).keyframe()).isTrue();
    }

    @Test
    void timestampChangeEmitsThePreviousAccessUnit() {
        receive(10, 0, false, 0x41, 0x01);       // no marker
        assertThat(out).isEmpty();
        receive(11, 3000, true, 0x41, 0x02);
        assertThat(out).extracting(AccessUnit::rtpTimestamp).containsExactly(0L, 3000L);
        assertThat(out).allMatch(AccessUnit::complete);
    }

    @Test
    void lostMiddleFragmentDropsTheNalAndMarksIncomplete() {
        receive(1, 0, false, 0x41, 0x01);        // slice before the fragmented one
        receive(2, 0, false, 0x5C, 0x81, 0xAA);  // FU-A start, type 1
        // 3 lost
        receive(4, 0, true, 0x5C, 0x41, 0xCC);   // FU-A end
        receive(5, 90, true, 0x41, 0x02);        // next access unit
        assertThat(out).hasSize(2);
        assertThat(hex(out.get(0))).isEqualTo("00000001" + "4101");
        assertThat(out.get(0).complete()).isFalse();
        assertThat(out.get(1).complete()).isTrue();
        assertThat(depacketizer.incompleteCount()).isEqualTo(1);
        assertThat(depacketizer.malformedCount()).isZero();
    }

    @Test
    void malformedPayloadsAreCountedNotThrown() {
        receive(1, 0, false, 0x78, 0x00, 0x05, 0x67); // STAP-A: size 5 but 1 byte left
        receive(2, 0, false, 0x78, 0x00);             // STAP-A: truncated size field
        receive(3, 0, false, 0x78, 0x00, 0x01, 0x78); // STAP-A nested in a STAP-A
        receive(4, 0, false, 0x7C, 0x85);             // FU-A without fragment bytes
        receive(5, 0, false, 0x00, 0x01);             // type 0
        receive(6, 0, false, 0x7E, 0x01);             // type 30
        receive(7, 0, false, 0x79, 0x00, 0x00);       // STAP-B
        receive(8, 0, false, 0x5A, 0x00, 0x00);       // MTAP16
        receive(9, 0, false);                         // empty payload
        receive(10, 0, true, 0x41, 0x01);             // one good slice
        assertThat(depacketizer.malformedCount()).isEqualTo(9);
        assertThat(out).hasSize(1);
        assertThat(hex(out.get(0))).isEqualTo("000000014101");
        assertThat(out.get(0).complete()).isFalse();
    }

    @Test
    void badRtpHeaderIsCounted() {
        ByteBuf p = alloc.buffer().writeBytes(new byte[] {0x40, 0x60, 0, 1}); // version 1, too short
        depacketizer.depacketize(p, out::add);
        p.release();
        assertThat(depacketizer.malformedCount()).isEqualTo(1);
    }

    @Test
    void oversizeAccessUnitIsDroppedAndCounted() {
        int[] big = new int[3000];
        big[0] = 0x41;
        receive(1, 0, false, big);
        receive(2, 0, true, big);                // 2 * 3004 > 4096
        receive(3, 90, true, 0x41, 0x01);
        // the picture is missing, and said so: an empty, incomplete access unit before the next
        assertThat(out).extracting(AccessUnit::rtpTimestamp).containsExactly(0L, 90L);
        assertThat(out.get(0).complete()).isFalse();
        assertThat(out.get(0).content().readableBytes()).isZero();
        assertThat(out.get(1).complete()).isTrue();
        assertThat(depacketizer.oversizeCount()).isEqualTo(1);
    }

    @Test
    void aPictureWhoseOnlyNalUnitLostItsStartIsStillReportedMissing() {
        // a small P picture in two FU-A fragments: its first packet lost, so nothing of it is usable;
        // without an access unit for it, the next pictures would decode against a picture never seen
        receive(1, 0, true, 0x41, 0x01);         // picture 0, whole
        // 2 lost: picture 3000's FU-A start
        receive(3, 3000, true, 0x5C, 0x41, 0xCC); // its FU-A end, with the marker
        receive(4, 6000, true, 0x41, 0x02);       // picture 6000, whole
        assertThat(out).extracting(AccessUnit::rtpTimestamp).containsExactly(0L, 3000L, 6000L);
        assertThat(out).extracting(AccessUnit::complete).containsExactly(true, false, true);
        assertThat(out.get(1).content().readableBytes()).isZero();
        assertThat(depacketizer.incompleteCount()).isEqualTo(1);
    }

    @Test
    void latePacketsAreDropped() {
        receive(100, 0, false, 0x41, 0x01);
        receive(100, 0, false, 0x41, 0x01);      // duplicate
        receive(99, 0, false, 0x41, 0x01);       // late
        receive(101, 0, true, 0x41, 0x02);
        assertThat(depacketizer.lateCount()).isEqualTo(2);
        assertThat(out).hasSize(1);
        assertThat(hex(out.get(0))).isEqualTo("000000014101" + "000000014102");
        assertThat(out.get(0).complete()).isTrue();
    }

    @Test
    void flushEmitsAndResetDropsTheAccessUnitInProgress() {
        receive(1, 0, false, 0x41, 0x01);
        depacketizer.flush(out::add);
        assertThat(out).hasSize(1);
        receive(2, 90, false, 0x5C, 0x81, 0xAA); // FU-A start, left open
        depacketizer.reset();
        receive(50, 180, true, 0x41, 0x03);      // no gap after reset
        assertThat(out).hasSize(2);
        assertThat(out.get(1).complete()).isTrue();
    }

    @Test
    void readsAbsCaptureTimeFromTheFirstPacketThatHasIt() {
        ByteBuf p = alloc.buffer();
        p.writeByte(0x90);                       // V=2, X=1
        p.writeByte(0x80 | 96);                  // M, PT 96
        p.writeShort(7);                         // sequence
        p.writeInt(0);                           // timestamp
        p.writeInt(0x11);                        // SSRC
        p.writeShort(0xBEDE).writeShort(3);      // one-byte extensions, 3 words
        p.writeByte(0x17).writeLong(0xABCDL).writeZero(3); // id 1, L=7, NTP time, padding
        p.writeByte(0x41).writeByte(0x01);       // slice
        depacketizer.depacketize(p, out::add);
        p.release();
        assertThat(out).singleElement().extracting(AccessUnit::absCaptureTimeNtp).isEqualTo(0xABCDL);
    }

    @Test
    void accessUnitHolderOperationsKeepTheMetadata() {
        receive(1, 5, true, 0x65, 0x01);
        AccessUnit au = out.get(0);
        AccessUnit dup = au.retainedDuplicate();
        assertThat(dup.rtpTimestamp()).isEqualTo(5);
        assertThat(dup.keyframe()).isTrue();
        assertThat(dup.toString()).contains("keyframe");
        dup.release();
        AccessUnit copy = au.copy();
        assertThat(copy.firstSequence()).isEqualTo(1);
        assertThat(copy.content()).isEqualTo(au.content());
        copy.release();
    }
}
