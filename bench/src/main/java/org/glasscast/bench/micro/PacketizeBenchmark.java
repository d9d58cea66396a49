package org.glasscast.bench.micro;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.protocol.h264.H264Depacketizer;
import org.glasscast.protocol.h264.H264Packetizer;
import org.glasscast.protocol.raw.RawDepacketizer;
import org.glasscast.protocol.raw.RawFormat;
import org.glasscast.protocol.raw.RawFrame;
import org.glasscast.protocol.raw.RawPacketizer;
import org.glasscast.protocol.raw.RawPlanes;
import org.glasscast.protocol.raw.RawSampling;
import org.glasscast.protocol.rtp.RtpPacketWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-frame hot paths of the wire: cutting a frame into RTP packets and putting it back
 * together, for H.264 (a 40 KB access unit, about what 720p costs at 4 Mbit/s and 30 fps a
 * keyframe aside) and uncompressed RFC 4175 (160x120 and 1280x720 4:2:0). Times per frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketizeBenchmark {
    @State(Scope.Thread)
    public static class H264 {
        final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        final H264Packetizer packetizer = new H264Packetizer(H264Packetizer.DEFAULT_MAX_PAYLOAD_BYTES);
        final RtpPacketWriter writer = new RtpPacketWriter(96, 0x1234, 0);
        H264Depacketizer depacketizer;
        ByteBuf accessUnit;
        List<ByteBuf> packets;
        long timestamp;

        @Setup(Level.Trial)
        public void setUp() {
            byte[] au = new byte[40_000];
            new java.util.Random(1).nextBytes(au);
            for (int i = 0; i < au.length - 3; i++) {
                if (au[i] == 0 && au[i + 1] == 0) {
                    au[i + 2] |= 4; // no start code inside the slice
                }
            }
            au[0] = 0;
            au[1] = 0;
            au[2] = 0;
            au[3] = 1;
            au[4] = 0x41; // a non-IDR slice
            accessUnit = Unpooled.directBuffer(au.length).writeBytes(au);
            depacketizer = new H264Depacketizer(alloc, 4 << 20, 0);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            accessUnit.release();
        }
    }

    @Benchmark
    public void h264Packetize(H264 s, Blackhole bh) {
        List<ByteBuf> payloads = s.packetizer.packetize(s.alloc, s.accessUnit.duplicate());
        s.timestamp += 3000;
        for (int i = 0; i < payloads.size(); i++) {
            ByteBuf packet = s.writer.write(s.alloc, payloads.get(i), s.timestamp, i == payloads.size() - 1, 0);
            payloads.get(i).release();
            bh.consume(packet.readableBytes());
            packet.release();
        }
    }

    @Benchmark
    public void h264RoundTrip(H264 s, Blackhole bh) {
        List<ByteBuf> payloads = s.packetizer.packetize(s.alloc, s.accessUnit.duplicate());
        s.timestamp += 3000;
        for (int i = 0; i < payloads.size(); i++) {
            ByteBuf packet = s.writer.write(s.alloc, payloads.get(i), s.timestamp, i == payloads.size() - 1, 0);
            payloads.get(i).release();
            s.depacketizer.depacketize(packet, au -> {
                bh.consume(au.content().readableBytes());
                au.release();
            });
            packet.release();
        }
    }

    @State(Scope.Thread)
    public static class Raw {
        @Param({"160x120", "1280x720"})
        public String size;
        final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        final RtpPacketWriter writer = new RtpPacketWriter(96, 0x1234, 0);
        RawPacketizer packetizer;
        RawDepacketizer depacketizer;
        RawPlanes planes;
        long timestamp;

        @Setup(Level.Trial)
        public void setUp() {
            String[] wh = size.split("x");
            int w = Integer.parseInt(wh[0]);
            int h = Integer.parseInt(wh[1]);
            RawFormat format = RawFormat.of(RawSampling.YCBCR_420, w, h);
            packetizer = new RawPacketizer(format, 65_000);
            depacketizer = new RawDepacketizer(format, alloc, 0);
            ByteBuffer y = ByteBuffer.allocateDirect(w * h);
            ByteBuffer u = ByteBuffer.allocateDirect(w * h / 4);
            ByteBuffer v = ByteBuffer.allocateDirect(w * h / 4);
            planes = RawPlanes.i420(y, w, u, w / 2, v, w / 2);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            depacketizer.close();
        }
    }

    @Benchmark
    public void rawRoundTrip(Raw s, Blackhole bh) {
        List<ByteBuf> payloads = s.packetizer.packetize(s.alloc, s.planes, s.writer.nextSequenceNumber());
        s.timestamp += 90;
        for (int i = 0; i < payloads.size(); i++) {
            ByteBuf packet = s.writer.write(s.alloc, payloads.get(i), s.timestamp, i == payloads.size() - 1, 0);
            payloads.get(i).release();
            s.depacketizer.depacketize(packet, (RawFrame f) -> {
                bh.consume(f.complete());
                f.release();
            });
            packet.release();
        }
    }
}
