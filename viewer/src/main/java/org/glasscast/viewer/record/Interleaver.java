package org.glasscast.viewer.record;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The two tracks of a recording in one timestamp order, as a file wants them. Each track arrives
 * in its own order; a packet is let out once the other track has reached its time (so nothing
 * earlier can still come), or once its own track is {@code holdMicros} ahead of it (the other
 * track has stalled or ended). A video packet also waits for the next one, so that its duration
 * is known ({@link #nextVideo()}: a file's last picture ends where the next file's first begins),
 * unless the sound is {@code holdMicros} ahead of it (the picture has stalled). One thread.
 *
 * @param <T> a packet; {@code release} frees the ones dropped or cleared
 */
final class Interleaver<T> {
    /**
     * A packet at its place on the recording's timeline: shown at {@code ptsMicros}, decoded at
     * {@code dtsMicros} (the same but for a video stream with B-frames, which go in decode order).
     * A picture that starts a new file ({@code startsFile}) is ordered by its presentation time,
     * so all sound before it goes to the file before; any other packet by its decode time.
     */
    record Entry<T>(T packet, long ptsMicros, long dtsMicros, boolean video, boolean startsFile) {
        long orderMicros() {
            return startsFile ? ptsMicros : dtsMicros;
        }
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

    void addVideo(T packet, long ptsMicros, long dtsMicros, boolean startsFile) {
        Entry<T> e = new Entry<>(packet, ptsMicros, dtsMicros, true, startsFile);
        video.add(e);
        newestVideo = Math.max(newestVideo, e.orderMicros());
    }

    void addAudio(T packet, long ptsMicros) {
        audio.add(new Entry<>(packet, ptsMicros, ptsMicros, false, false));
        newestAudio = ptsMicros;
    }

    /** The next packet to write, or null while it must wait; {@code all}: nothing more will come. */
    Entry<T> next(boolean all) {
        Entry<T> v = video.peek();
        Entry<T> a = audio.peek();
        if (a != null && (v == null || a.orderMicros() < v.orderMicros())) {
            boolean videoPast = v != null || newestVideo >= a.orderMicros();
            return all || videoPast || newestAudio - a.orderMicros() > holdMicros ? audio.poll() : null;
        }
        if (v == null) {
            return null;
        }
        boolean followed = video.size() > 1; // its duration is known
        boolean pictureStalled = audioTrack && newestAudio != Long.MIN_VALUE
                && newestAudio - v.orderMicros() > holdMicros;
        boolean audioPast = a != null || !audioTrack || newestAudio >= v.orderMicros()
                || newestVideo - v.orderMicros() > holdMicros;
        return all || ((followed || pictureStalled) && audioPast) ? video.poll() : null;
    }

    /** The next video packet waiting (after one just let out: the one that follows it), or null. */
    Entry<T> nextVideo() {
        return video.peek();
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
