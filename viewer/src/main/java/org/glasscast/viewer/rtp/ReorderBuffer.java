package org.glasscast.viewer.rtp;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.glasscast.protocol.rtp.RtpHeader;
import org.glasscast.protocol.rtp.RtpSequenceUnwrapper;

/**
 * Puts RTP packets of one stream back in sequence order. A gap is waited for at most
 * {@code maxWaitNanos} (or until the window is full), then counted as lost and skipped; a packet
 * arriving after its slot was skipped or delivered is late and dropped. Holds at most
 * {@code capacity} packets. Single-threaded (the event loop).
 */
public final class ReorderBuffer implements AutoCloseable {
    /** A jump this far ahead is a restarted stream, not a loss burst. */
    private static final int RESYNC_DISTANCE = 3000;

    private final ByteBuf[] slots;
    private final long[] arrivals;
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;
    private final Consumer<ByteBuf> out;
    private final RtpSequenceUnwrapper unwrapper = new RtpSequenceUnwrapper();
    private long expected = -1;
    private long highest = -1;
    private int held;
    private long lost;
    private long late;
    private long resyncs;

    /** @param out receives packets in order and owns (releases) them */
    public ReorderBuffer(int capacity, long maxWaitNanos, LongSupplier nanoTime, Consumer<ByteBuf> out) {
        this.slots = new ByteBuf[capacity];
        this.arrivals = new long[capacity];
        this.maxWaitNanos = maxWaitNanos;
        this.nanoTime = nanoTime;
        this.out = out;
    }

    /** Takes ownership of a valid RTP packet. */
    public void insert(ByteBuf packet) {
        long seq = unwrapper.unwrap(RtpHeader.sequenceNumber(packet));
        if (expected < 0) {
            expected = seq;
        }
        if (seq < expected) {
            if (expected - seq > RESYNC_DISTANCE) {
                resync(seq);
            } else {
                late++;
                packet.release();
                return;
            }
        } else if (seq - expected > RESYNC_DISTANCE) {
            resync(seq);
        }
        if (seq - expected >= slots.length) {
            skipTo(seq - slots.length + 1);
        }
        int i = index(seq);
        if (slots[i] != null) {
            late++; // duplicate
            packet.release();
            return;
        }
        slots[i] = packet;
        arrivals[i] = nanoTime.getAsLong();
        held++;
        highest = Math.max(highest, seq);
        drain();
    }

    /** Gives up on gaps waited for longer than the limit; call it every few milliseconds. */
    public void poll() {
        if (held == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (long s = expected; s <= highest; s++) {
            int i = index(s);
            if (slots[i] != null) {
                if (now - arrivals[i] >= maxWaitNanos) {
                    skipTo(s);
                    drain();
                }
                return;
            }
        }
    }

    private void drain() {
        int i;
        while (held > 0 && slots[i = index(expected)] != null) {
            ByteBuf p = slots[i];
            slots[i] = null;
            held--;
            expected++;
            out.accept(p);
        }
    }

    /** Counts the packets missing before {@code seq} as lost and delivers what was held before it. */
    private void skipTo(long seq) {
        while (expected < seq) {
            int i = index(expected);
            if (slots[i] != null) {
                ByteBuf p = slots[i];
                slots[i] = null;
                held--;
                out.accept(p);
            } else {
                lost++;
            }
            expected++;
        }
    }

    private void resync(long seq) {
        resyncs++;
        releaseAll();
        expected = seq;
        highest = seq;
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) slots.length);
    }

    private void releaseAll() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                slots[i].release();
                slots[i] = null;
            }
        }
        held = 0;
    }

    public long lost() {
        return lost;
    }

    public long late() {
        return late;
    }

    public long resyncs() {
        return resyncs;
    }

    /** Highest extended sequence number seen, for receiver reports; -1 before the first packet. */
    public long highestSequence() {
        return highest;
    }

    @Override
    public void close() {
        releaseAll();
    }
}
