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
 * datagrams per frame, 21 MB/s at 15 fps), sender and viewer in one JVM from a cold start. The
 * frame counts asked for are half the nominal rate: a loaded machine may capture fewer frames
 * (with true times), but every frame captured must arrive, once and in order.
 */
class RawVideoTest {
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    private ViewerStats run(SenderConfig config, double seconds) throws Exception {
        try (Sender sender = Sender.start(config, quiet)) {
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
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
                .withAudio("none").withSize(160, 120).withFps(1000).withCodec("raw", 65000);
        ViewerStats s = run(config, 6);
        assertThat(s.patternChecked.sum()).as("6 s at 1000 fps, at least half of it").isGreaterThanOrEqualTo(3000);
        assertThat(s.width).isEqualTo(160);
    }

    @Test
    void hdFramesOfManyPacketsArriveEveryOneInOrder() throws Exception {
        SenderConfig config = SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0))
                .withAudio("none").withFps(15).withCodec("raw", 65000);
        ViewerStats s = run(config, 6);
        assertThat(s.patternChecked.sum()).as("6 s at 15 fps, at least half of it").isGreaterThanOrEqualTo(45);
        assertThat(s.width).isEqualTo(1280);
    }
}
