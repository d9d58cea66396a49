package org.glasscast.viewer.record;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The two tracks of a recording in one timestamp order, as a file wants them. Each track arrives
 * in its own order; a packet is let out once the other track has reached its time (so nothing
 * earlier can still come), or once its own track is {@code holdMicros} ahead of it (the other
 * track has stalled or ended). One thread.
 *
 * @param <T> a packet; {@code release} frees the ones dropped or cleared
 */
final class Interleaver<T> {
    /**
     * A packet at its place on the recording's timeline: shown at {@code ptsMicros}, ordered by
     * {@code dtsMicros} (the same but for a video stream with B-frames, which go in decode order).
     */
    record Entry<T>(T packet, long ptsMicros, long dtsMicros, boolean video) {
    }

    private final ArrayDeque<Entry<T>> video = new ArrayDeque<>();
    private final ArrayDeque<Entry<T>> audio = new ArrayDeque<>();
    private final long holdMicros;
    private final Consumer<T> release;
    private boolean audioTrack;
    private long newestVideo;
    private long newestAudio;

    Interleaver(long holdMicros, Consumer<T> release) {
        this.holdMicros = holdMicros;
        this.release = release;
    }

    /** Empties it for a new file's timeline; without an audio track video never waits. */
    void reset(boolean withAudio) {
        clear();
        audioTrack = withAudio;
        newestVideo = Long.MIN_VALUE;
        newestAudio = Long.MIN_VALUE;
    }

    void addVideo(T packet, long ptsMicros, long dtsMicros) {
        video.add(new Entry<>(packet, ptsMicros, dtsMicros, true));
        newestVideo = dtsMicros;
    }

    void addAudio(T packet, long ptsMicros) {
        audio.add(new Entry<>(packet, ptsMicros, ptsMicros, false));
        newestAudio = ptsMicros;
    }

    /** The next packet to write, or null while it must wait; {@code all}: nothing more will come. */
    Entry<T> next(boolean all) {
        Entry<T> v = video.peek();
        Entry<T> a = audio.peek();
        if (v != null && a != null) {
            return a.dtsMicros() < v.dtsMicros() ? audio.poll() : video.poll();
        }
        if (v != null && (all || !audioTrack || newestAudio >= v.dtsMicros() || newestVideo - v.dtsMicros() > holdMicros)) {
            return video.poll();
        }
        if (a != null && (all || newestVideo >= a.dtsMicros() || newestAudio - a.dtsMicros() > holdMicros)) {
            return audio.poll();
        }
        return null;
    }

    /** The decode time of the next video packet waiting, or -1. */
    long nextVideoDts() {
        Entry<T> v = video.peek();
        return v == null ? -1 : v.dtsMicros();
    }

    int videoWaiting() {
        return video.size();
    }

    /** Drops (releases) the audio waiting that would still play at {@code endMicros}. */
    void dropAudioEndingAfter(long endMicros, ToLongFunction<T> durationMicros) {
        Entry<T> a;
        while ((a = audio.peekLast()) != null && a.ptsMicros() + durationMicros.applyAsLong(a.packet()) > endMicros) {
            release.accept(audio.pollLast().packet());
        }
    }

    /** Releases everything waiting. */
    void clear() {
        Entry<T> e;
        while ((e = video.poll()) != null) {
            release.accept(e.packet());
        }
        while ((e = audio.poll()) != null) {
            release.accept(e.packet());
        }
    }
}
