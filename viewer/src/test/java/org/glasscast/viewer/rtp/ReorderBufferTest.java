package org.glasscast.viewer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Integer> delivered = new ArrayList<>();
    private final List<ByteBuf> all = new ArrayList<>();

    private ReorderBuffer buffer(int capacity, long maxWaitMillis) {
        return new ReorderBuffer(capacity, maxWaitMillis * 1_000_000L, nanos::get, p -> {
            delivered.add(p.getUnsignedShort(p.readerIndex() + 2));
            p.release();
        });
    }

    /** A minimal RTP packet: V=2, PT 96, the given sequence number, 1 payload byte. */
    private ByteBuf packet(int seq) {
        ByteBuf b = Unpooled.buffer(13);
        b.writeByte(0x80);          // V=2, P=0, X=0, CC=0
        b.writeByte(96);            // M=0, PT=96
        b.writeShort(seq & 0xFFFF); // sequence number
        b.writeInt(1234);           // timestamp
        b.writeInt(0xCAFE);         // SSRC
        b.writeByte(0x42);          // payload
        all.add(b);
        return b;
    }

    private void assertAllReleased() {
        for (ByteBuf b : all) {
            assertThat(b.refCnt()).isZero();
        }
    }

    @Test
    void inOrderPacketsPassStraightThrough() {
        try (ReorderBuffer r = buffer(64, 50)) {
            for (int s = 65530; s < 65540; s++) {
                r.insert(packet(s));
            }
            assertThat(delivered).containsExactly(65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3);
            assertThat(r.lost()).isZero();
        }
        assertAllReleased();
    }

    @Test
    void swappedPacketsAreReordered() {
        try (ReorderBuffer r = buffer(64, 50)) {
            r.insert(packet(10));
            r.insert(packet(12));
            r.insert(packet(11));
            r.insert(packet(13));
            assertThat(delivered).containsExactly(10, 11, 12, 13);
            assertThat(r.lost()).isZero();
            assertThat(r.late()).isZero();
        }
        assertAllReleased();
    }

    @Test
    void gapIsWaitedForThenCountedLostAndTheStragglerIsLate() {
        try (ReorderBuffer r = buffer(64, 50)) {
            r.insert(packet(1));
            r.insert(packet(3));
            r.poll();
            assertThat(delivered).containsExactly(1);
            nanos.addAndGet(49_000_000L);
            r.poll();
            assertThat(delivered).containsExactly(1);
            nanos.addAndGet(2_000_000L);
            r.poll();
            assertThat(delivered).containsExactly(1, 3);
            assertThat(r.lost()).isEqualTo(1);
            r.insert(packet(2));
            assertThat(r.late()).isEqualTo(1);
            assertThat(delivered).containsExactly(1, 3);
        }
        assertAllReleased();
    }

    @Test
    void fullWindowSkipsAheadWithoutWaiting() {
        try (ReorderBuffer r = buffer(8, 1000)) {
            r.insert(packet(0));
            for (int s = 2; s <= 12; s++) {
                r.insert(packet(s));
            }
            // seq 1 never came: the window of 8 forced it out before the time limit
            assertThat(delivered).startsWith(0, 2, 3, 4, 5);
            assertThat(r.lost()).isEqualTo(1);
        }
        assertAllReleased();
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        try (ReorderBuffer r = buffer(64, 50)) {
            r.insert(packet(5));
            r.insert(packet(5));
            r.insert(packet(7));
            r.insert(packet(7));
            r.insert(packet(6));
            assertThat(delivered).containsExactly(5, 6, 7);
            assertThat(r.late()).isEqualTo(2);
        }
        assertAllReleased();
    }

    @Test
    void aRestartedStreamResynchronises() {
        try (ReorderBuffer r = buffer(64, 50)) {
            r.insert(packet(100));
            r.insert(packet(40_000));
            r.insert(packet(40_001));
            assertThat(delivered).containsExactly(100, 40_000, 40_001);
            assertThat(r.resyncs()).isEqualTo(1);
            assertThat(r.lost()).isZero();
        }
        assertAllReleased();
    }

    @Property(tries = 200)
    void anyLocalShuffleIsDeliveredInOrderWithNothingLost(@ForAll @IntRange(min = 0, max = 65535) int start,
                                                         @ForAll @IntRange(min = 1, max = 300) int count,
                                                         @ForAll long seed) {
        delivered.clear();
        List<Integer> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(i);
        }
        // shuffle within blocks of 8 (reordering a network does, well inside the 64-packet window)
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0; i < count; i += 8) {
            Collections.shuffle(seqs.subList(i, Math.min(count, i + 8)), rnd);
        }
        try (ReorderBuffer r = buffer(64, 50)) {
            // the first packet defines the start; send it first as a stream's first packet does
            seqs.remove(Integer.valueOf(0));
            seqs.add(0, 0);
            for (int i : seqs) {
                r.insert(packet(start + i));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add((start + i) & 0xFFFF);
            }
            assertThat(delivered).isEqualTo(expected);
            assertThat(r.lost()).isZero();
        }
        assertAllReleased();
        all.clear();
    }
}
