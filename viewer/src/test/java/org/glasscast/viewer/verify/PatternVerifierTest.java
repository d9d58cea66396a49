package org.glasscast.viewer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/** The tally a user checks: gaps and repeats, and a restarted sender counting from its start again. */
class PatternVerifierTest {
    private static final int W = 320;
    private static final int H = 240;

    private final ViewerStats stats = new ViewerStats();
    private final PatternVerifier verifier = new PatternVerifier(stats);
    private final ByteBuffer luma = ByteBuffer.allocate(W * H);

    private void frame(long index, long captureMicros) {
        PatternCode.draw(luma, W, W, H, index, captureMicros);
        assertThat(verifier.check(luma, W, W, H)).isEqualTo(captureMicros);
    }

    @Test
    void gapsAndRepeatsAreCounted() {
        frame(10, 1_000_000);
        frame(11, 1_033_333);
        frame(14, 1_133_333); // 12 and 13 missing
        frame(14, 1_133_333); // the same picture again
        assertThat(stats.patternGaps.sum()).isEqualTo(2);
        assertThat(stats.patternRepeats.sum()).isEqualTo(1);
        assertThat(stats.firstPatternIndex.get()).isEqualTo(10);
        assertThat(stats.lastPatternIndex.get()).isEqualTo(14);
    }

    @Test
    void aRestartedSenderCountingFromItsStartIsNeitherARepeatNorAGap() {
        frame(300, 10_000_000);
        frame(301, 10_033_333);
        frame(0, 14_000_000); // the sender restarted 4 s later: its count starts again
        frame(1, 14_033_333);
        frame(3, 14_100_000); // and a frame of the new stream missing is a gap as ever
        assertThat(stats.patternRepeats.sum()).isZero();
        assertThat(stats.patternGaps.sum()).isEqualTo(1);
        assertThat(stats.firstPatternIndex.get()).as("the first index seen, kept").isEqualTo(300);
        assertThat(stats.lastPatternIndex.get()).isEqualTo(3);
    }
}
