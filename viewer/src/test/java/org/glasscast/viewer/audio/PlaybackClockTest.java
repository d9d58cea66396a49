package org.glasscast.viewer.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The playback clock between OpenAL's position steps: readings that lag by up to a mixer period
 * give a clock that runs smoothly at the true position, stops at the end of the queue, and starts
 * afresh on a new time line.
 */
class PlaybackClockTest {
    private static final long MS = 1_000_000L; // ns
    private static final long EPOCH_MICROS = 1_700_000_000_000_000L;

    /** What a 20 ms-step mixer reports at {@code nanos}: the position of its last step. */
    private static long stepped(long nanos) {
        return EPOCH_MICROS + nanos / (20 * MS) * 20_000;
    }

    @Test
    void followsTheTruePositionNotTheLaggingSteps() {
        PlaybackClock clock = new PlaybackClock();
        long limit = EPOCH_MICROS + 10_000_000;
        // polled every 2 ms (plus a bit, so polls fall at every phase of the mixer period)
        for (long t = 0; t < 3_000 * MS; t += 2 * MS + 37_000) {
            clock.observe(stepped(t), limit, t);
        }
        for (long t = 3_000 * MS; t < 3_200 * MS; t += 3 * MS + 11_000) {
            clock.observe(stepped(t), limit, t);
            long truth = EPOCH_MICROS + t / 1000;
            assertThat(clock.read(t)).as("at %d ns", t).isBetween(truth - 2_500, truth);
        }
    }

    @Test
    void stopsAtTheEndOfTheQueueAndWhenStopped() {
        PlaybackClock clock = new PlaybackClock();
        assertThat(clock.read(0)).as("no report yet").isZero();
        clock.observe(EPOCH_MICROS, EPOCH_MICROS + 60_000, 0);
        assertThat(clock.read(40 * MS)).isEqualTo(EPOCH_MICROS + 40_000);
        assertThat(clock.read(500 * MS)).as("nothing queued past 60 ms").isEqualTo(EPOCH_MICROS + 60_000);
        clock.stop();
        assertThat(clock.read(510 * MS)).isZero();
    }

    @Test
    void takesANewTimeLineAtOnceAndALossJumpForward() {
        PlaybackClock clock = new PlaybackClock();
        long limit = Long.MAX_VALUE;
        clock.observe(EPOCH_MICROS, limit, 0);
        clock.observe(EPOCH_MICROS + 60_000, limit, 20 * MS); // 40 ms of audio skipped
        assertThat(clock.read(20 * MS)).isEqualTo(EPOCH_MICROS + 60_000);
        clock.observe(EPOCH_MICROS - 3_600_000_000L, limit, 40 * MS); // a restarted sender, an hour back
        assertThat(clock.read(40 * MS)).isEqualTo(EPOCH_MICROS - 3_600_000_000L);
    }
}
