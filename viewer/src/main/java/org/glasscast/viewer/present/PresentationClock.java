package org.glasscast.viewer.present;

/**
 * The clock the window presents video against: the capture time of what the speakers play
 * now. Audio output provides it; the window shows a frame once its capture time has been
 * reached on this clock, so picture and sound leave the viewer together.
 */
public interface PresentationClock {
    /** No audio clock: frames are shown as soon as they are decoded. */
    PresentationClock NONE = () -> 0;

    /**
     * The capture time (µs since the epoch) of the audio sample being heard at this instant,
     * or 0 while there is none (no audio track, nothing queued yet, playback stalled). Any thread.
     */
    long playingCaptureMicros();
}
