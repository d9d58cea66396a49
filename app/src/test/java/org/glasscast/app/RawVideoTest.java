package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/**
 * Uncompressed video (RFC 4175) over UDP on loopback, judged by the burned-in code of every frame:
 * a small fast case (160x120, one frame per datagram) and a large one (1280x720, a burst of 64 KB
 * datagrams per frame). The rates are ones a 2-core machine running sender and viewer in one JVM
 * sustains without loss; 1000 fps is the bench's to measure (the viewer's byte-wise 4:2:0 copy on
 * the event loop loses packets there today).
 */
class RawVideoTest {
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    private ViewerStats run(SenderConfig config, double seconds) throws Exception {
        try (Sender sender = Sender.start(config, quiet)) {
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            // warm-up excluded, as a benchmark would: a first viewer runs the receive path until the
            // JIT has compiled it (cold, it cannot take 1000 frames/s and the socket overflows)
            Viewer warmUp = Viewer.start(new ViewerConfig(url, false, true, true, 50, 2, null, true), quiet, null);
            warmUp.awaitEnd();
            warmUp.close();
            Viewer viewer = Viewer.start(new ViewerConfig(url, false, true, true, 50, seconds, null, true), quiet, null);
            viewer.awaitEnd();
            viewer.close();
            ViewerStats s = viewer.stats();
            String why = "sender dropped " + sender.framesDropped() + ", packets lost " + s.packetsLost.sum()
                    + ", frames dropped (incomplete/queue) " + s.framesDropped.sum();
            assertThat(s.patternErrors.sum()).as("unreadable codes; " + why).isZero();
            assertThat(s.patternGaps.sum()).as("missing frame indices; " + why).isZero();
            assertThat(s.patternRepeats.sum()).as("repeated frame indices").isZero();
            assertThat(s.patternChecked.sum()).as("each index once")
                    .isEqualTo(s.lastPatternIndex.get() - s.firstPatternIndex.get() + 1);
            return s;
        }
    }

    @Test
    void tinyFramesEachInOneDatagramArriveEveryOneInOrder() throws Exception {
        SenderConfig config = SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0))
                .withAudio("none").withSize(160, 120).withFps(250).withCodec("raw", 65000);
        ViewerStats s = run(config, 6);
        assertThat(s.patternChecked.sum()).as("5 s at 250 fps").isGreaterThanOrEqualTo(1125);
        assertThat(s.width).isEqualTo(160);
    }

    @Test
    void hdFramesOfManyPacketsArriveEveryOneInOrder() throws Exception {
        SenderConfig config = SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0))
                .withAudio("none").withFps(10).withCodec("raw", 65000);
        ViewerStats s = run(config, 6);
        assertThat(s.patternChecked.sum()).as("5 s at 10 fps").isGreaterThanOrEqualTo(45);
        assertThat(s.width).isEqualTo(1280);
    }
}
