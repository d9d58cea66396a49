package org.glasscast.viewer.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The presentation rule against a simulated display: a refresh clock the test drives. */
class PresentationRuleTest {
    private static final long REFRESH_60HZ = 16_666_667;

    /** A display refreshing every {@code refreshNanos}, showing what the rule chooses at each refresh. */
    private static final class Display implements PresentationRule.Held {
        final List<long[]> held = new ArrayList<>(); // {captureMicros, arrivalNanos}
        final List<Long> shown = new ArrayList<>();
        int passedOver;
        int deepest;

        @Override
        public int size() {
            return held.size();
        }

        @Override
        public long captureMicros(int i) {
            return held.get(i)[0];
        }

        @Override
        public long arrivalNanos(int i) {
            return held.get(i)[1];
        }

        /**
         * Frames captured every {@code intervalMicros} from 0, arriving {@code transitNanos} later plus
         * {@code jitter[i]}, shown on refreshes every {@code refreshNanos}; {@code heard} maps the time
         * to the sound's capture time (0 = no clock).
         */
        Display run(PresentationRule rule, int frames, long intervalMicros, long transitNanos, long[] jitter,
                    long refreshNanos, java.util.function.LongUnaryOperator heard) {
            long end = frames * intervalMicros * 1000 + 2_000_000_000L;
            int next = 0;
            for (long now = 0; now < end; now += refreshNanos) {
                while (next < frames && next * intervalMicros * 1000 + transitNanos + jitter[next] <= now) {
                    held.add(new long[] {1 + next * intervalMicros, next * intervalMicros * 1000 + transitNanos
                            + jitter[next]});
                    next++;
                }
                deepest = Math.max(deepest, held.size());
                int i = rule.choose(this, heard.applyAsLong(now), now);
                if (i >= 0) {
                    passedOver += i;
                    held.subList(0, i).clear();
                    shown.add(held.remove(0)[0]);
                }
            }
            return this;
        }
    }

    private static long[] jitter(int n, long maxNanos, long seed) {
        Random r = new Random(seed);
        long[] j = new long[n];
        for (int i = 0; i < n; i++) {
            j[i] = (long) (r.nextDouble() * maxNanos);
        }
        return j;
    }

    @Test
    void thirtyAndSixtyFpsOnA60HzDisplayShowEveryFrameInOrder() {
        for (int fps : new int[] {30, 60}) {
            PresentationRule rule = new PresentationRule(SyncMode.AUDIO, REFRESH_60HZ);
            Display d = new Display().run(rule, 600, 1_000_000 / fps, 20_000_000, jitter(600, 12_000_000, fps),
                    REFRESH_60HZ, now -> 0);
            assertThat(d.shown).as("%d fps", fps).hasSize(600).isSorted();
            assertThat(d.passedOver).isZero();
        }
    }

    @Test
    void a120FpsStreamOnA60HzDisplayLosesOnlyWhatTheDisplayCannotShow() {
        PresentationRule rule = new PresentationRule(SyncMode.AUDIO, REFRESH_60HZ);
        Display d = new Display().run(rule, 1200, 8_333, 20_000_000, new long[1200], REFRESH_60HZ, now -> 0);
        assertThat(d.shown).isSorted();
        assertThat(d.shown.size()).as("one a refresh: 10 s at 60 Hz").isBetween(595, 605);
        assertThat(d.shown.size() + d.passedOver).isEqualTo(1200);
        assertThat(d.deepest).as("the queue stays short: latency does not grow").isLessThanOrEqualTo(3);
    }

    @Test
    void aBurstAfterAStallIsShownWholeAndALongOneIsCaughtUpOn() {
        PresentationRule rule = new PresentationRule(SyncMode.AUDIO, REFRESH_60HZ);
        long[] stall = new long[300];
        for (int i = 100; i < 103; i++) {
            stall[i] = (103 - i) * 33_333_333L; // frames 100..102 arrive together with 103
        }
        Display d = new Display().run(rule, 300, 33_333, 20_000_000, stall, REFRESH_60HZ, now -> 0);
        assertThat(d.shown).as("a 100 ms stall at 30 fps").hasSize(300);

        long[] longStall = new long[300];
        for (int i = 100; i < 115; i++) {
            longStall[i] = (115 - i) * 33_333_333L; // half a second of frames at once
        }
        Display caughtUp = new Display().run(rule, 300, 33_333, 20_000_000, longStall, REFRESH_60HZ, now -> 0);
        assertThat(caughtUp.passedOver).as("a 500 ms stall: passed over to get back to live").isBetween(5, 14);
        assertThat(caughtUp.shown.size() + caughtUp.passedOver).isEqualTo(300);
    }

    @Test
    void withoutADisplayEveryDueFrameIsShown() {
        PresentationRule rule = new PresentationRule(SyncMode.AUDIO, 0);
        Display d = new Display().run(rule, 1200, 8_333, 20_000_000, new long[1200], 1_000_000, now -> 0);
        assertThat(d.shown).hasSize(1200);
        assertThat(d.passedOver).isZero();
    }

    @Test
    void aPictureWaitsOnlyWhileItsSoundIsTooFarBehind() {
        PresentationRule rule = new PresentationRule(SyncMode.AUDIO, REFRESH_60HZ);
        long lag = PresentationRule.MAX_SOUND_LAG_MICROS;
        assertThat(lag).as("within IS-191's 45 ms").isLessThanOrEqualTo(45_000);
        long arrival = 5_000_000_000L;
        assertThat(rule.dueForNanos(1_000_000, arrival, 1_000_000 - lag, arrival)).as("just close enough: at once")
                .isZero();
        assertThat(rule.dueForNanos(1_000_000, arrival, 1_000_000 - 20_000, arrival + 3_000_000))
                .as("due since it arrived").isEqualTo(3_000_000);
        assertThat(rule.dueForNanos(1_000_000, arrival, 1_000_000 - 100_000, arrival))
                .as("100 ms behind: waits until the sound is close enough").isEqualTo(-(100_000 - lag) * 1000);
        assertThat(rule.dueForNanos(1_000_000, arrival - 200_000_000, 1_000_000 - lag + 5_000, arrival))
                .as("waited 200 ms, due for the 5 ms since the sound came close enough").isEqualTo(5_000_000);
        // the sound ahead of the picture (a late picture): at once
        assertThat(rule.dueForNanos(1_000_000, arrival, 1_100_000, arrival)).isZero();
    }

    @Test
    void aStalledOrForeignClockDoesNotHoldThePicture() {
        PresentationRule rule = new PresentationRule(SyncMode.AUDIO, REFRESH_60HZ);
        long arrival = 5_000_000_000L;
        long waitedAll = PresentationRule.MAX_WAIT_MILLIS * 1_000_000;
        assertThat(rule.dueForNanos(1_000_000, arrival, 900_000, arrival + waitedAll - 1)).isNegative();
        assertThat(rule.dueForNanos(1_000_000, arrival, 900_000, arrival + waitedAll)).as("waited 1 s").isZero();
        assertThat(rule.dueForNanos(10_000_000, arrival, 1_000_000, arrival)).as("another time line").isZero();
        assertThat(rule.dueForNanos(-1, arrival, 1_000_000, arrival)).as("no capture time").isZero();
        assertThat(rule.dueForNanos(1_000_000, arrival, 0, arrival)).as("no sound").isZero();
    }

    @Test
    void videoAndOffShowEveryPictureAtOnceWhateverTheSound() {
        for (SyncMode mode : new SyncMode[] {SyncMode.VIDEO, SyncMode.OFF}) {
            PresentationRule rule = new PresentationRule(mode, REFRESH_60HZ);
            assertThat(rule.dueForNanos(1_000_000, 5_000, 500_000, 5_000)).as("%s", mode).isZero();
        }
    }

    @Test
    void withALateSoundEveryFrameWaitsAndNoneIsLost() {
        // sound heard 120 ms after capture, pictures decoded 20 ms after: each waits 55 ms
        PresentationRule rule = new PresentationRule(SyncMode.AUDIO, REFRESH_60HZ);
        Display d = new Display().run(rule, 600, 33_333, 20_000_000, jitter(600, 8_000_000, 7), REFRESH_60HZ,
                now -> now < 120_000_000 ? 0 : 1 + (now - 120_000_000) / 1000);
        assertThat(d.shown).hasSize(600).isSorted();
        assertThat(d.passedOver).isZero();
    }
}
