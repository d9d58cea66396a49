package org.glasscast.bench.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The stage's command line: per-direction values, what the bed's helpers write, one-line complaints. */
class ImpairStageTest {
    @Test
    void theStageReadsBackTheArgumentsItsHelpersWrite() {
        Impairment towardsB = Impairment.delay(20, 10).withLoss(1.5).withBursts(20, 3);
        Impairment towardsA = Impairment.delay(5, 2.5).withDistribution(Impairment.Distribution.NORMAL);
        ImpairStage stage = new ImpairStage();
        new picocli.CommandLine(stage).parseArgs(ImpairStage.arguments(towardsB, towardsA).toArray(String[]::new));
        assertThat(stage.impairments()).containsExactly(towardsB, towardsA);
        assertThat(towardsB).hasToString("20±10 ms uniform, loss 1.5 %, bursts 20/3 s");

        ImpairStage bad = new ImpairStage();
        new picocli.CommandLine(bad).parseArgs("--delay", "20,30,40");
        assertThatThrownBy(bad::impairments)
                .hasMessage("--delay: one value for both directions, or two (A->B,B->A), not 3");
        ImpairStage badBurst = new ImpairStage();
        new picocli.CommandLine(badBurst).parseArgs("--burst", "20");
        assertThatThrownBy(badBurst::impairments)
                .hasMessage("--burst 20: N/S, N packets lost in a row every S seconds, e.g. 20/3");
    }

    @Test
    void oneValueServesBothDirections() {
        ImpairStage stage = new ImpairStage();
        new picocli.CommandLine(stage).parseArgs("--delay", "20", "--jitter", "10", "--loss", "0,5", "--no-reorder");
        assertThat(stage.impairments()).containsExactly(Impairment.delay(20, 10).inOrder(),
                Impairment.delay(20, 10).inOrder().withLoss(5));
    }
}
