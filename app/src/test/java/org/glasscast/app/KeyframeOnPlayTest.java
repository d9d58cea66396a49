package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.junit.jupiter.api.Test;

/**
 * A viewer that starts playing gets a keyframe at once, not the sender's next scheduled one. With
 * a keyframe scheduled only every 100 s (indices 0, 3000...), each viewer's first decoded picture
 * (a viewer decodes nothing before a keyframe) carries a burned-in frame index captured as it
 * joined: a keyframe forced for it. Judged by frame indices, not by time.
 */
class KeyframeOnPlayTest {
    private static final int KEYFRAME_INTERVAL = 3000;
    /** Captured frames that may wait for the encoder (Sender's hand-off depth). */
    private static final int HANDOFF = 2;

    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    @Test
    void eachViewerDecodesFromAKeyframeForcedAsItStartsPlaying() throws Exception {
        SenderConfig config = SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0));
        try (Sender sender = Sender.start(config, quiet, s -> s.withKeyframeInterval(KEYFRAME_INTERVAL))) {
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            while (sender.stats().framesEncoded.sum() < 45) { // well past the first, scheduled keyframe
                Thread.sleep(20);
            }
            for (int n = 1; n <= 2; n++) {
                long capturedBefore = sender.stats().framesCaptured.sum();
                Viewer viewer = Viewer.start(new ViewerConfig(url, false, true, true, 50, 2, null, true), quiet, null);
                viewer.awaitEnd();
                viewer.close();
                long first = viewer.stats().firstPatternIndex.get();
                assertThat(viewer.stats().framesDecoded.sum()).as("viewer %d decoded pictures", n).isPositive();
                assertThat(first).as("viewer %d's first picture: a frame captured as it joined", n)
                        .isGreaterThanOrEqualTo(capturedBefore - HANDOFF)
                        .as("viewer %d's first picture: before the next scheduled keyframe", n)
                        .isLessThan(KEYFRAME_INTERVAL);
                assertThat(viewer.stats().patternErrors.sum()).isZero();
            }
            assertThat(sender.stats().keyframeRequests.sum()).as("keyframes forced").isGreaterThanOrEqualTo(2);
        }
    }
}
