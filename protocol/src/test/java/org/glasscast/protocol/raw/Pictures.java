package org.glasscast.protocol.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.glasscast.protocol.rtp.RtpPacketWriter;

/** Test pictures with padded strides, comparison with a received frame, and a send helper. */
final class Pictures {
    private Pictures() {
    }

    /** Random content in planes whose strides exceed the line by {@code pad} octets. */
    static RawPlanes random(RawFormat format, Random random, int pad) {
        int w = format.width();
        int h = format.height();
        if (format.sampling() == RawSampling.RGB) {
            return RawPlanes.rgb(randomPlane(random, w * 3 + pad, h), w * 3 + pad);
        }
        int cw = w / 2 + pad;
        return RawPlanes.i420(randomPlane(random, w + pad, h), w + pad, randomPlane(random, cw, h / 2), cw,
                randomPlane(random, cw, h / 2), cw);
    }

    private static ByteBuffer randomPlane(Random random, int stride, int lines) {
        byte[] bytes = new byte[stride * lines];
        random.nextBytes(bytes);
        // a position and little-endian order that the code must ignore
        return ByteBuffer.wrap(bytes).position(stride * lines / 3).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** Every sample of {@code frame} equals the picture's. */
    static void assertSame(RawPlanes picture, RawFrame frame) {
        RawFormat format = frame.format();
        for (int p = 0; p < format.planeCount(); p++) {
            ByteBuffer src = p == 0 ? picture.y() : p == 1 ? picture.u() : picture.v();
            int srcStride = p == 0 ? picture.yStride() : p == 1 ? picture.uStride() : picture.vStride();
            ByteBuf plane = frame.plane(p);
            int lineBytes = format.planeStride(p);
            for (int line = 0; line < format.planeHeight(p); line++) {
                byte[] expected = new byte[lineBytes];
                src.get(line * srcStride, expected);
                byte[] actual = new byte[lineBytes];
                plane.getBytes(line * frame.stride(p), actual);
                assertThat(actual).as("plane %d line %d", p, line).isEqualTo(expected);
            }
        }
    }

    /** Packetizes, writes RTP headers (marker on the last) and feeds each packet to {@code receiver}, releasing all. */
    static int send(RawPacketizer packetizer, RtpPacketWriter writer, ByteBufAllocator alloc, RawPlanes picture,
            long timestamp, long absCaptureTimeNtp, Consumer<ByteBuf> receiver) {
        List<ByteBuf> payloads = packetizer.packetize(alloc, picture, writer.nextSequenceNumber());
        List<ByteBuf> packets = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            ByteBuf payload = payloads.get(i);
            packets.add(writer.write(alloc, payload, timestamp, i == payloads.size() - 1, i == 0 ? absCaptureTimeNtp : 0));
            payload.release();
        }
        for (ByteBuf packet : packets) {
            receiver.accept(packet);
            packet.release();
        }
        return payloads.size();
    }
}
