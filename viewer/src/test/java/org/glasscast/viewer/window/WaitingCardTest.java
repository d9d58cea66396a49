package org.glasscast.viewer.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

class WaitingCardTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong nanos = new AtomicLong(100 * S);
    private final ViewerStats stats = new ViewerStats();
    private final WaitingCard card = new WaitingCard(stats, nanos::get, "rtsp://capture-pc:8554/live");

    @Test
    void aViewerStartedBeforeItsSenderSaysWhatItWaitsForWhyAndHowLong() {
        stats.waitingSinceNanos = nanos.get();
        assertThat(card.text()).isEqualTo("waiting for rtsp://capture-pc:8554/live\nconnecting\nfor 0 s");
        stats.waitingCause = "connection refused by 10.0.0.7:8554";
        nanos.addAndGet(12 * S + S / 2);
        assertThat(card.text()).isEqualTo("waiting for rtsp://capture-pc:8554/live\n"
                + "connection refused by 10.0.0.7:8554\nfor 12 s");
    }

    @Test
    void theTextChangesOnlyWhenALineDoes() {
        stats.waitingSinceNanos = nanos.get();
        stats.waitingCause = "the sender ended the stream";
        String first = card.text();
        nanos.addAndGet(S - 1);
        assertThat(card.text()).as("the same second").isSameAs(first);
        nanos.addAndGet(1);
        assertThat(card.text()).endsWith("\nfor 1 s");
        String second = card.text();
        stats.waitingCause = "no packets for 2 s";
        assertThat(card.text()).isNotSameAs(second).contains("\nno packets for 2 s\n");
    }

    @Test
    void noCardWhileTheStreamPlays() {
        assertThat(card.text()).isNull();
        stats.waitingSinceNanos = nanos.get();
        assertThat(card.text()).isNotNull();
        stats.waitingSinceNanos = 0;
        stats.waitingCause = null;
        assertThat(card.text()).isNull();
    }

    @Test
    void aPictureThatArrivedAfterTheWaitBeganEndsTheCardAtOnce() {
        stats.waitingSinceNanos = nanos.get() - 3 * S; // the viewer noticed the silence 3 s after the last packet
        stats.waitingCause = "no packets for 2 s";
        card.shown(nanos.get() - S); // the last picture of the old stream, shown as the card goes up
        assertThat(card.text()).as("the last picture stays, dimmed, under the card").isNotNull();
        nanos.addAndGet(5 * S);
        card.shown(nanos.get() - 1000); // the new stream's first picture, before the viewer clears the wait
        assertThat(card.text()).isNull();
        // the next wait puts the card up again
        stats.waitingSinceNanos = nanos.get() + 1;
        nanos.addAndGet(S);
        assertThat(card.text()).isNotNull().endsWith("for 0 s");
    }

    @Test
    void longWaitsReadAtAGlance() {
        assertThat(WaitingCard.duration(59)).isEqualTo("59 s");
        assertThat(WaitingCard.duration(125)).isEqualTo("2 min 05 s");
        assertThat(WaitingCard.duration(3 * 3600 + 4 * 60 + 59)).isEqualTo("3 h 04 min");
        assertThat(WaitingCard.duration(50 * 3600)).isEqualTo("50 h 00 min");
    }

    @Test
    void theStreamIsNamedAsTheTitleNamesIt() {
        assertThat(WaitingCard.streamName("glasscast \u2014 rtsp://capture-pc:8554/live"))
                .isEqualTo("rtsp://capture-pc:8554/live");
        assertThat(WaitingCard.streamName("show.sdp")).isEqualTo("show.sdp");
    }
}
