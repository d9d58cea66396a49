package org.glasscast.protocol.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.rtp.RtpPacketWriter;
import org.glasscast.protocol.testing.TrackingAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Against GStreamer's rtpvrawpay / rtpvrawdepay over loopback UDP. Fails (never skips) when
 * gst-launch-1.0 is missing: starting it throws.
 */
class RawGstreamerInteropTest {
    private static final String RAW_CAPS = "video/x-raw,format=%s,width=%d,height=%d,framerate=30/1";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    /** gst's 30 test frames arrive complete and equal, pixel for pixel, to what gst writes to a file. */
    @ParameterizedTest
    @EnumSource(RawSampling.class)
    void readsGstreamerPayloads(RawSampling sampling) throws Exception {
        RawFormat format = RawFormat.of(sampling, 160, 120);
        Path reference = dir.resolve("reference.yuv");
        gst("videotestsrc", "num-buffers=30", "pattern=ball", "!", caps(format), "!",
                "filesink", "location=" + reference).waitFor(30, TimeUnit.SECONDS);
        byte[] expected = Files.readAllBytes(reference);
        assertThat(expected).hasSize(30 * format.frameBytes());

        TrackingAllocator alloc = new TrackingAllocator();
        RawDepacketizer depacketizer = new RawDepacketizer(format, alloc);
        List<RawFrame> frames = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            socket.setReceiveBufferSize(8 << 20);
            socket.setSoTimeout(10_000);
            Process sender = gst("videotestsrc", "num-buffers=30", "pattern=ball", "!", caps(format), "!",
                    "rtpvrawpay", "mtu=1400", "!", "udpsink", "host=127.0.0.1", "port=" + socket.getLocalPort());
            try {
                byte[] datagram = new byte[65536];
                while (frames.size() < 30) {
                    DatagramPacket packet = new DatagramPacket(datagram, datagram.length);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    assertThat(packet.getLength()).isLessThanOrEqualTo(1400);
                    ByteBuf buf = alloc.buffer(packet.getLength()).writeBytes(datagram, 0, packet.getLength());
                    depacketizer.depacketize(buf, frames::add);
                    buf.release();
                }
            } finally {
                sender.destroy();
            }
            assertThat(frames).hasSize(30);
            for (int i = 0; i < frames.size(); i++) {
                RawFrame frame = frames.get(i);
                assertThat(frame.complete()).as("frame %d complete", i).isTrue();
                assertThat(ByteBufUtil.getBytes(frame.content())).as("frame %d", i).isEqualTo(
                        Arrays.copyOfRange(expected, i * format.frameBytes(), (i + 1) * format.frameBytes()));
            }
            assertThat(depacketizer.malformedCount()).isZero();
            assertThat(depacketizer.lostCount()).isZero();
        } finally {
            frames.forEach(RawFrame::release);
            depacketizer.close();
        }
        alloc.assertAllReleased();
    }

    /** rtpvrawdepay turns our packets (1200-octet payloads, lines spanning packets) back into our picture. */
    @Test
    void gstreamerReadsOurPayloads() throws Exception {
        RawFormat format = RawFormat.of(RawSampling.YCBCR_420, 320, 240);
        RawPlanes picture = Pictures.random(format, new Random(5), 0);
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        Path received = dir.resolve("received.yuv");
        String rtpCaps = "application/x-rtp,media=(string)video,clock-rate=(int)90000,encoding-name=(string)RAW,"
                + "sampling=(string)YCbCr-4:2:0,depth=(string)8,width=(string)" + format.width()
                + ",height=(string)" + format.height() + ",colorimetry=(string)BT601-5,payload=(int)96";
        Process receiver = gst("udpsrc", "address=127.0.0.1", "port=" + port, "buffer-size=4194304", "caps=" + rtpCaps, "!",
                "rtpvrawdepay", "!", "identity", "eos-after=10", "!", "filesink", "location=" + received);
        TrackingAllocator alloc = new TrackingAllocator();
        RawPacketizer packetizer = new RawPacketizer(format, 1200);
        RtpPacketWriter writer = new RtpPacketWriter(96, 0xCAFE, 65000);
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (long ts = 0; receiver.isAlive() && System.nanoTime() < deadline; ts += 3000) {
                Pictures.send(packetizer, writer, alloc, picture, ts, 0, p -> {
                    byte[] bytes = ByteBufUtil.getBytes(p);
                    try {
                        socket.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, port));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(20);
            }
            assertThat(receiver.waitFor(5, TimeUnit.SECONDS)).as("gst-launch ended").isTrue();
        } finally {
            receiver.destroy();
        }
        alloc.assertAllReleased();
        byte[] frames = Files.readAllBytes(received);
        // identity (1.22) lets eos-after - 1 buffers through before its EOS
        int count = frames.length / format.frameBytes();
        assertThat(frames.length).isEqualTo(count * format.frameBytes());
        assertThat(count).isBetween(9, 10);
        byte[] expected = new byte[format.frameBytes()];
        int offset = 0;
        for (ByteBuffer plane : new ByteBuffer[] {picture.y(), picture.u(), picture.v()}) {
            plane.get(0, expected, offset, plane.capacity());
            offset += plane.capacity();
        }
        // frames sent while udpsrc was still starting may be partial; once it runs, every frame is exact
        int exact = 0;
        for (int i = 0; i < count; i++) {
            if (Arrays.equals(Arrays.copyOfRange(frames, i * expected.length, (i + 1) * expected.length), expected)) {
                exact++;
            }
        }
        assertThat(exact).as("exact frames of %d", count).isGreaterThanOrEqualTo(count - 2);
        assertThat(Arrays.copyOfRange(frames, (count - 1) * expected.length, count * expected.length))
                .as("last frame").isEqualTo(expected);
    }

    private static String caps(RawFormat format) {
        return String.format(RAW_CAPS, format.sampling() == RawSampling.RGB ? "RGB" : "I420", format.width(),
                format.height());
    }

    private static Process gst(String... pipeline) throws IOException {
        List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
        command.addAll(List.of(pipeline));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
