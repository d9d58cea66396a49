package org.glasscast.sender.source;

import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.media.ToneGenerator;

/**
 * The test tone: 440 Hz with a 1 kHz beep at every whole second of capture time. Paced like a
 * sound card: every frame that is due is produced, late if the thread stalled, never
 * skipped; only after a stall longer than a second does it jump to the present, and the frames
 * jumped over are counted.
 */
public final class ToneSource implements AudioSource {
    private static final long FRAME_NANOS = FRAME_MICROS * 1_000L;
    /** One second: a longer stall resumes at the present instead of catching up. */
    private static final long MAX_CATCH_UP_FRAMES = 1_000_000L / FRAME_MICROS;

    private final MediaClock clock;
    private final ToneGenerator tone = new ToneGenerator();
    private final long startNanos;
    private final long anchorMicros;
    private long frames;
    private volatile long skipped;

    public ToneSource(MediaClock clock) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.anchorMicros = clock.unixMicrosAt(startNanos);
    }

    @Override
    public long read(short[] pcm) throws InterruptedException {
        long due = (clock.nanoTime() - startNanos) / FRAME_NANOS + 1;
        if (due - frames > MAX_CATCH_UP_FRAMES) {
            skipped += due - 1 - frames;
            frames = due - 1;
        }
        if (frames >= due) {
            long wait = startNanos + frames * FRAME_NANOS - clock.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        long captureMicros = anchorMicros + frames * FRAME_MICROS;
        tone.fill(pcm, FRAME_SAMPLES, captureMicros);
        frames++;
        return captureMicros;
    }

    /** Frames jumped over after stalls longer than a second. */
    @Override
    public long droppedFrames() {
        return skipped;
    }

    @Override
    public String describe() {
        return "test tone";
    }

    @Override
    public void close() {
        // nothing held
    }
}
