package org.glasscast.sender.source.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.VideoSource;
import org.junit.jupiter.api.Test;

class FfmpegUrlSourceTest {

    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void decodesAnMpegTsStreamFromDebiansFfmpeg() throws Exception {
        int port = freeUdpPort();
        Process peer = Tools.start(Map.of("unused", "1"), "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-t", "20", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "15",
                "-f", "mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
        try {
            FfmpegInput input = FfmpegInput.open(null, "udp://127.0.0.1:" + port, Map.of(), true);
            try (FfmpegVideoSource video = new FfmpegVideoSource(MediaClock.system(), input, 0, 0, false)) {
                assertThat(video.describe()).isEqualTo("url udp://127.0.0.1:" + port + " 320x240 h264");
                YuvFrame frame = new YuvFrame(video.width(), video.height());
                long last = Long.MIN_VALUE;
                for (int i = 0; i < 30; i++) {
                    long t = video.capture(frame);
                    assertThat(t).as("frame %d", i).isNotEqualTo(VideoSource.END).isGreaterThan(last);
                    last = t;
                }
            }
        } finally {
            peer.destroy();
            peer.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksCapture() throws Exception {
        int port = freeUdpPort();
        Process peer = Tools.start(Map.of("unused", "1"), "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "15",
                "-f", "mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
        FfmpegInput input = FfmpegInput.open(null, "udp://127.0.0.1:" + port, Map.of(), true);
        FfmpegVideoSource video = new FfmpegVideoSource(MediaClock.system(), input, 0, 0, false);
        peer.waitFor(10, TimeUnit.SECONDS); // the stream has stopped: capture will block on the socket
        YuvFrame frame = new YuvFrame(video.width(), video.height());
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            video.close();
        });
        closer.start();
        long t;
        do {
            t = video.capture(frame); // drains what was buffered, then blocks until close
        } while (t != VideoSource.END);
        closer.join();
    }
}
