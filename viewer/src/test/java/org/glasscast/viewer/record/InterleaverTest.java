package org.glasscast.viewer.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order a recording's packets are written in, and when each may be written. */
class InterleaverTest {
    private static final long HOLD = 1_000_000;

    private final List<String> released = new ArrayList<>();
    private final Interleaver<String> interleaver = new Interleaver<>(HOLD, released::add);

    private List<String> drain(boolean all) {
        List<String> out = new ArrayList<>();
        Interleaver.Entry<String> e;
        while ((e = interleaver.next(all)) != null) {
            out.add(e.packet());
        }
        return out;
    }

    /** A picture waits for the next one, so the file knows how long it lasts. */
    @Test
    void aPictureWaitsForTheNextOne() {
        interleaver.reset(false);
        interleaver.addVideo("v0", 0, 0, false);
        assertThat(drain(false)).isEmpty();
        interleaver.addVideo("v1", 33_333, 33_333, false);
        assertThat(drain(false)).containsExactly("v0");
        assertThat(interleaver.nextVideo().packet()).isEqualTo("v1");
        assertThat(drain(true)).as("the end: the last picture too").containsExactly("v1");
    }

    @Test
    void soundAndPicturesGoInTimeOrder() {
        interleaver.reset(true);
        interleaver.addVideo("v0", 0, 0, false);
        interleaver.addAudio("a0", 2_500);
        interleaver.addAudio("a1", 12_500);
        interleaver.addAudio("a2", 22_500);
        assertThat(drain(false)).as("v0 waits for v1").isEmpty();
        interleaver.addVideo("v1", 33_333, 33_333, false);
        assertThat(drain(false)).as("v1 waits for v2 and for the sound up to its time")
                .containsExactly("v0", "a0", "a1", "a2");
        interleaver.addAudio("a3", 32_500);
        interleaver.addAudio("a4", 42_500);
        interleaver.addVideo("v2", 66_667, 66_667, false);
        assertThat(drain(false)).containsExactly("a3", "v1", "a4");
    }

    /**
     * With B-frames a keyframe is decoded before the pictures shown just before it: when it
     * starts a new file, the sound up to its presentation time goes first, to the file before.
     */
    @Test
    void soundBeforeAPictureThatStartsAFileGoesFirstEvenIfDecodedLater() {
        interleaver.reset(true);
        interleaver.addVideo("P", 100_000, 0, false); // decode order: P, B shown before it, then the IDR
        interleaver.addVideo("B", 66_667, 33_333, false);
        interleaver.addVideo("IDR", 133_333, 66_667, true);
        interleaver.addVideo("P2", 233_333, 100_000, false);
        for (int t = 2_500; t < 150_000; t += 10_000) {
            interleaver.addAudio("a" + t, t);
        }
        List<String> order = drain(false);
        assertThat(order).as("the IDR after all sound before 133 ms, and before the rest").startsWith("P", "a2500")
                .endsWith("a122500", "a132500", "IDR");
    }

    /** A picture whose successor does not come (the stream stalled) goes once the sound is the hold ahead of it. */
    @Test
    void aPictureWithoutASuccessorGoesWhenTheSoundIsTheHoldAhead() {
        interleaver.reset(true);
        interleaver.addVideo("v0", 0, 0, false);
        for (long t = 2_500; t <= HOLD; t += 10_000) {
            interleaver.addAudio("a" + t, t);
        }
        assertThat(drain(false)).isEmpty();
        interleaver.addAudio("late", HOLD + 10_000);
        assertThat(drain(false)).as("the picture, then the sound the hold behind the newest")
                .containsExactly("v0", "a2500");
        assertThat(released).isEmpty();
    }

    @Test
    void resetReleasesWhatWaits() {
        interleaver.reset(true);
        interleaver.addVideo("v0", 0, 0, false);
        interleaver.addAudio("a0", 2_500);
        interleaver.reset(true);
        assertThat(released).containsExactlyInAnyOrder("v0", "a0");
        assertThat(drain(true)).isEmpty();
    }
}
