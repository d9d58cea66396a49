package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on every door: the processes stay up, count what they dropped, and keep every frame. */
class RobustnessTest {
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    @Test
    void garbageAtTheRtspServerIsCountedAndItKeepsServing() throws Exception {
        try (Sender sender = Sender.start(EndToEndTest.sender(), quiet)) {
            Random rnd = new Random(7);
            String[] bad = {
                "GARBAGE\r\n\r\n",
                "DESCRIBE rtsp://127.0.0.1/live RTSP/1.0\r\n\r\n",                    // no CSeq
                "SETUP rtsp://127.0.0.1/live/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: x\r\n\r\n",
                "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 99999999\r\n\r\nabc", // body that never comes
                "PLAY rtsp://127.0.0.1/live RTSP/1.0\r\nCSeq: 2\r\nSession: 0123\r\n\r\n",
            };
            for (int i = 0; i < 20; i++) {
                try (Socket s = new Socket("127.0.0.1", sender.rtspPort())) {
                    OutputStream out = s.getOutputStream();
                    if (i % 2 == 0) {
                        byte[] junk = new byte[1 + rnd.nextInt(4000)];
                        rnd.nextBytes(junk);
                        out.write(junk);
                    } else {
                        out.write(bad[i / 2 % bad.length].getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                    Thread.sleep(20);
                }
            }
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            Viewer viewer = Viewer.start(EndToEndTest.viewer(url, false, null), quiet, null);
            viewer.awaitEnd();
            viewer.close();
            EndToEndTest.assertEveryFrameOnce(viewer.stats(), sender.framesDropped());
            assertThat(sender.stats().malformed.sum()).as("bad requests counted").isPositive();
        }
    }

    @Test
    void garbageDatagramsAtTheViewerAreDroppedAndCounted(@TempDir Path dir) throws Exception {
        int port = Proc.freeUdpPortQuad();
        Path sdp = dir.resolve("push.sdp");
        SenderConfig push = SenderConfig.testPattern(null).withPush(new InetSocketAddress("127.0.0.1", port), sdp);
        try (Sender sender = Sender.start(push, quiet)) {
            // 8 s: a push receiver may wait up to one GOP (2 s) for its first keyframe
            Viewer viewer = Viewer.start(new ViewerConfig(sdp.toString(), false, true, true, 50, 8, null, true), quiet, null);
            Thread noise = new Thread(() -> sendGarbage(port), "garbage");
            noise.start();
            viewer.awaitEnd();
            noise.join();
            viewer.close();
            EndToEndTest.assertEveryFrameOnce(viewer.stats(), sender.framesDropped());
            assertThat(viewer.stats().packetsMalformed.sum()).as("garbage counted").isGreaterThan(100);
        }
    }

    /** Random datagrams, truncated headers and RTP-shaped packets of a foreign source, to all four ports. */
    private static void sendGarbage(int basePort) {
        Random rnd = new Random(11);
        try (DatagramSocket s = new DatagramSocket()) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            for (int i = 0; i < 1500; i++) {
                byte[] b;
                switch (i % 3) {
                    case 0 -> {
                        b = new byte[rnd.nextInt(1400)];
                        rnd.nextBytes(b);
                    }
                    case 1 -> b = new byte[] {(byte) 0x80, 96, 0, 1, 0, 0}; // RTP header cut short
                    default -> {
                        b = new byte[200];
                        rnd.nextBytes(b);
                        ByteBuffer h = ByteBuffer.wrap(b);
                        h.put(0, (byte) 0x80).put(1, (byte) (rnd.nextBoolean() ? 96 : 97)); // V=2, our payload types
                        h.putInt(8, rnd.nextInt()); // a source that is not the sender
                    }
                }
                s.send(new DatagramPacket(b, b.length, lo, basePort + i % 4));
                if (i % 50 == 0) {
                    Thread.sleep(100);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
