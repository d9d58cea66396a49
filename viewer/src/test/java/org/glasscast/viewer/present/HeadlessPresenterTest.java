package org.glasscast.viewer.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/** Headless frames are "shown" by the same rule as the window's, against an injected clock. */
class HeadlessPresenterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong heard = new AtomicLong();
    private final ViewerStats stats = new ViewerStats();

    @Test
    void framesWaitForTheirSoundAndNoneIsLost() {
        HeadlessPresenter p = new HeadlessPresenter(heard::get, SyncMode.AUDIO, stats, nanos::get);
        for (int i = 0; i < 10; i++) {
            p.onFrame(null, 1_000_000 + i * 33_333L);
        }
        heard.set(1_000_000 - 100_000); // the sound 100 ms behind the first picture
        assertThat(p.showDue()).as("waits, then looks again within 2 ms").isEqualTo(2_000_000);
        assertThat(stats.framesDisplayed.sum()).isZero();
        heard.set(1_000_000 + 5 * 33_333L - PresentationRule.MAX_SOUND_LAG_MICROS); // frames 0..5 are close enough now
        p.showDue();
        assertThat(stats.framesDisplayed.sum()).isEqualTo(6);
        assertThat(stats.displayAvOffsetCount.sum()).isEqualTo(6);
        heard.set(2_000_000);
        p.showDue();
        assertThat(stats.framesDisplayed.sum()).isEqualTo(10);
        assertThat(stats.framesDropped.sum()).isZero();
    }

    @Test
    void withoutSyncEveryFrameIsShownAtOnce() {
        HeadlessPresenter p = new HeadlessPresenter(heard::get, SyncMode.OFF, stats, nanos::get);
        heard.set(1);
        for (int i = 0; i < 5; i++) {
            p.onFrame(null, 1_000_000 + i * 33_333L);
        }
        p.onFrame(null, 1_000_000 + 5 * 33_333L);
        assertThat(p.showDue()).as("none left").isZero();
        assertThat(stats.framesDisplayed.sum()).isEqualTo(6);
    }

    @Test
    void aFullQueueDropsItsOldest() {
        HeadlessPresenter p = new HeadlessPresenter(heard::get, SyncMode.AUDIO, stats, nanos::get);
        heard.set(500_000);
        for (int i = 0; i < HeadlessPresenter.CAPACITY + 4; i++) {
            p.onFrame(null, 1_000_000 + i * 1000L);
        }
        assertThat(stats.framesDropped.sum()).isEqualTo(4);
        heard.set(10_000_000);
        p.showDue();
        assertThat(stats.framesDisplayed.sum()).isEqualTo(HeadlessPresenter.CAPACITY);
    }
}
