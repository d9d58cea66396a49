package org.glasscast.viewer.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.glasscast.media.FfmpegNatives;
import org.glasscast.protocol.h264.NalUnit;

/**
 * The one AVPacket the recorder writes with, over one native buffer that grows (doubling) to the
 * largest frame seen: no frame-sized allocation per frame. One thread (gc-record).
 */
final class PacketBuffer implements AutoCloseable {
    private static final int INITIAL_CAPACITY = 256 << 10;

    {
        FfmpegNatives.await(); // before the AVPacket below
    }

    private final AVPacket packet = av_packet_alloc();
    private BytePointer data;
    private ByteBuffer view;
    private int capacity;

    PacketBuffer() {
        if (packet == null || packet.isNull()) {
            throw new IllegalStateException("cannot allocate an AVPacket");
        }
        grow(INITIAL_CAPACITY);
    }

    private void grow(int bytes) {
        int want = Math.max(bytes, capacity * 2);
        Pointer memory = av_malloc(want + AV_INPUT_BUFFER_PADDING_SIZE);
        if (memory == null || memory.isNull()) {
            throw new OutOfMemoryError("cannot allocate a " + want + " byte packet buffer");
        }
        if (data != null) {
            av_free(data);
        }
        data = new BytePointer(memory).capacity(want + AV_INPUT_BUFFER_PADDING_SIZE);
        view = data.asByteBuffer().order(ByteOrder.BIG_ENDIAN); // NAL lengths are big-endian
        capacity = want;
    }

    /**
     * Fills the packet with an Annex B access unit as 4-byte length-prefixed NAL units (the form
     * avcC announces). {@code annexB} is not moved or released.
     */
    AVPacket avcc(ByteBuf annexB) {
        int worst = annexB.readableBytes() + annexB.readableBytes() / 3 + 16; // 3-byte start codes grow by one
        if (worst > capacity) {
            grow(worst);
        }
        view.clear();
        NalUnit.forEachInAnnexB(annexB, nal -> {
            view.putInt(nal.readableBytes());
            int at = view.position();
            nal.getBytes(nal.readerIndex(), view.limit(at + nal.readableBytes()));
            view.limit(view.capacity()).position(at + nal.readableBytes());
        });
        return fill(view.position());
    }

    /** Fills the packet with the bytes as they are (an Opus packet). */
    AVPacket raw(ByteBuf bytes) {
        int n = bytes.readableBytes();
        if (n > capacity) {
            grow(n);
        }
        view.clear().limit(n);
        bytes.getBytes(bytes.readerIndex(), view);
        return fill(n);
    }

    private AVPacket fill(int size) {
        view.clear();
        for (int i = 0; i < AV_INPUT_BUFFER_PADDING_SIZE; i++) {
            view.put(size + i, (byte) 0);
        }
        packet.data(data).size(size);
        packet.flags(0);
        return packet;
    }

    @Override
    public void close() {
        packet.data((BytePointer) null).size(0);
        av_packet_free(packet);
        if (data != null) {
            av_free(data);
            data = null;
        }
    }
}
