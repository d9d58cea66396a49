package org.glasscast.viewer.present;

/**
 * A presentation clock known only later: the window opens (on the main thread, first) before the
 * viewer that owns the audio clock has started. Reads {@link PresentationClock#NONE} until set.
 */
public final class DeferredClock implements PresentationClock {
    private volatile PresentationClock target = NONE;

    public void set(PresentationClock clock) {
        target = clock == null ? NONE : clock;
    }

    @Override
    public long playingCaptureMicros() {
        return target.playingCaptureMicros();
    }
}
