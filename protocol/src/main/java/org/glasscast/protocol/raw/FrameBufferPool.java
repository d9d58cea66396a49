package org.glasscast.protocol.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A few frame-sized buffers handed out again once their frames are released.
 *
 * <p>The pool keeps one reference to each buffer; a buffer whose reference count is back to 1 is
 * held by nobody else and is reused. Reference counts are atomic, so consumers may release
 * frames on any thread; acquiring is for the depacketizer's thread only. When every pooled
 * buffer is still held, a buffer outside the pool is allocated and counted.
 */
final class FrameBufferPool {
    private final ByteBufAllocator alloc;
    private final int frameBytes;
    private final ByteBuf[] buffers;
    private int size;
    private long overflowCount;

    FrameBufferPool(ByteBufAllocator alloc, int frameBytes, int capacity) {
        this.alloc = alloc;
        this.frameBytes = frameBytes;
        this.buffers = new ByteBuf[capacity];
    }

    /** A buffer of frameBytes readable octets (content unspecified) that the caller owns and releases. */
    ByteBuf acquire() {
        for (int i = 0; i < size; i++) {
            ByteBuf buffer = buffers[i];
            if (buffer.refCnt() == 1) {
                return buffer.retain().setIndex(0, frameBytes);
            }
        }
        ByteBuf buffer = alloc.buffer(frameBytes, frameBytes).writerIndex(frameBytes);
        if (size < buffers.length) {
            buffers[size++] = buffer.retain();
        } else {
            overflowCount++;
        }
        return buffer;
    }

    /** Buffers allocated outside the pool because every pooled one was still held. */
    long overflowCount() {
        return overflowCount;
    }

    /** Drops the pool's references; buffers still held are freed by their last holder. */
    void close() {
        for (int i = 0; i < size; i++) {
            buffers[i].release();
            buffers[i] = null;
        }
        size = 0;
    }
}
