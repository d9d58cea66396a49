package org.glasscast.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.protocol.rtp.RtpHeader;
import org.glasscast.protocol.sdp.MediaDescription;
import org.glasscast.protocol.sdp.SdpParser;
import org.glasscast.protocol.stats.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our Opus as it leaves the sender (push mode: RTP over UDP to loopback, and the SDP file a player
 * opens): the SDP declares 10 ms packets, each packet's TOC says it holds one 10 ms frame, and RTP
 * timestamps step by 480 (48 kHz) from one packet to the next, by more only over frames the sender
 * counted as dropped (a loaded machine stalls it now and then). Bytes and timestamps only:
 * nothing here is timed.
 */
class OpusOnTheWireTest {
    private static final int PACKETS = 200;
    private static final int AUDIO_PAYLOAD_TYPE = 97;

    @Test
    void sdpSaysTenMillisecondsAndEveryPacketHoldsTenMilliseconds(@TempDir Path dir) throws Exception {
        List<DatagramSocket> ports = bindPortQuad(); // video RTP, RTCP, audio RTP, RTCP: all ours
        int videoPort = ports.get(0).getLocalPort();
        List<byte[]> received = new ArrayList<>();
        Path statsJson = dir.resolve("send.json");
        String sdp;
        try {
            DatagramSocket audio = ports.get(2);
            audio.setSoTimeout(30_000);
            Path sdpFile = dir.resolve("push.sdp");
            SenderConfig push = SenderConfig.testPattern(null).withSize(640, 360)
                    .withPush(new InetSocketAddress("127.0.0.1", videoPort), sdpFile);
            SenderConfig config = new SenderConfig(push.source(), push.audio(), push.width(), push.height(), push.fps(),
                    push.bitrateKbps(), push.encoder(), push.codec(), push.cursor(), push.loop(), push.mtu(),
                    push.listen(), push.pushTo(), push.sdpFile(), push.durationSeconds(), statsJson, push.quiet(),
                    push.auth());
            try (Sender sender = Sender.start(config, new PrintStream(new ByteArrayOutputStream()))) {
                sdp = Files.readString(sdpFile);
                byte[] buf = new byte[2048];
                while (received.size() < PACKETS) {
                    DatagramPacket d = new DatagramPacket(buf, buf.length);
                    audio.receive(d);
                    received.add(Arrays.copyOf(d.getData(), d.getLength()));
                }
            }
        } finally {
            ports.forEach(DatagramSocket::close);
        }

        assertThat(sdp).contains("m=audio " + (videoPort + 2) + " RTP/AVP 97\r\n"
                + "a=rtpmap:97 opus/48000/2\r\na=fmtp:97 sprop-stereo=1\r\na=ptime:10\r\na=maxptime:10\r\n");
        MediaDescription opus = SdpParser.parse(sdp).audio().orElseThrow();
        assertThat(opus.ptimeMillis()).isEqualTo(10);
        assertThat(opus.maxptimeMillis()).isEqualTo(10);

        // frames the sender never sent: dropped behind a stalled event loop, or jumped over by
        // the tone source after a stall of over a second (written at close)
        long senderDropped = ((Number) JsonReader.at(JsonReader.parse(Files.readString(statsJson)), "audio.dropped"))
                .longValue();
        long skipped = 0;
        int exactSteps = 0;
        long previousSeq = -1;
        long previousTs = 0;
        long previousCapture = 0;
        for (byte[] bytes : received) {
            ByteBuf p = Unpooled.wrappedBuffer(bytes);
            assertThat(RtpHeader.isValid(p)).isTrue();
            assertThat(RtpHeader.payloadType(p)).isEqualTo(AUDIO_PAYLOAD_TYPE);
            ByteBuf payload = RtpHeader.payload(p);
            assertThat(payloadMicros(payload)).as("duration the TOC gives").isEqualTo(10_000);
            int toc = payload.getUnsignedByte(payload.readerIndex());
            assertThat(toc >> 3).as("TOC config: CELT-only fullband 10 ms (lowdelay)").isEqualTo(30);
            assertThat(toc & 0x04).as("TOC s: stereo").isEqualTo(0x04);
            long seq = RtpHeader.sequenceNumber(p);
            long ts = RtpHeader.timestamp(p);
            long capture = NtpTime.toUnixMicros(AbsCaptureTime.read(p, AbsCaptureTime.DEFAULT_ID));
            if (previousSeq >= 0) {
                long seqStep = (seq - previousSeq) & 0xFFFF;
                long tsStep = (ts - previousTs) & 0xFFFF_FFFFL;
                long captureStep = capture - previousCapture;
                String at = "packet " + seq + " after " + previousSeq;
                // the RTP clock follows the capture clock exactly: 48 ticks a millisecond
                assertThat(tsStep * 1000).as(at + ": RTP step vs capture step %d µs", captureStep)
                        .isEqualTo(captureStep * 48);
                // 480 ticks a packet, more only over packets lost on the way or frames the sender dropped
                assertThat(tsStep % 480).as(at + ": RTP step %d", tsStep).isZero();
                assertThat(tsStep).as(at + ": RTP step for a sequence step of %d", seqStep)
                        .isGreaterThanOrEqualTo(480 * seqStep);
                skipped += tsStep / 480 - seqStep;
                exactSteps += seqStep == 1 && tsStep == 480 ? 1 : 0;
            }
            previousSeq = seq;
            previousTs = ts;
            previousCapture = capture;
        }
        assertThat(skipped).as("10 ms frames missing between packets in sequence").isLessThanOrEqualTo(senderDropped);
        assertThat(exactSteps).as("consecutive packets 480 ticks apart").isGreaterThan(PACKETS * 9 / 10);
    }

    /**
     * Media time in an Opus packet from its TOC byte, RFC 6716 §3.1: config (5 bits) gives the
     * frame duration, code c (2 bits) the frame count.
     */
    static long payloadMicros(ByteBuf opus) {
        int toc = opus.getUnsignedByte(opus.readerIndex());
        int config = toc >> 3;
        long frameMicros;
        if (config < 12) {
            frameMicros = new long[] {10_000, 20_000, 40_000, 60_000}[config & 3]; // SILK-only NB/MB/WB
        } else if (config < 16) {
            frameMicros = (config & 1) == 0 ? 10_000 : 20_000; // hybrid SWB/FB
        } else {
            frameMicros = 2_500L << (config & 3); // CELT-only NB/WB/SWB/FB: 2.5/5/10/20 ms
        }
        int frames = switch (toc & 3) {
            case 0 -> 1; // one frame
            case 1, 2 -> 2; // two frames, equal or different sizes
            default -> opus.getUnsignedByte(opus.readerIndex() + 1) & 0x3F; // code 3: count in the next byte, §3.2.5
        };
        return frames * frameMicros;
    }

    /** Four sockets on consecutive loopback ports, the first even (RFC 3550 §11). */
    private static List<DatagramSocket> bindPortQuad() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(new DatagramSocket(new InetSocketAddress(loopback, base + i)));
                }
                return held;
            } catch (SocketException taken) {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IOException("no four free UDP ports");
    }
}
