package org.glasscast.viewer.audio;

/**
 * The OpenAL buffers queued on the source, oldest first, with the capture time of each one's
 * first sample: what turns the source's play position into the capture time being played. A
 * lost packet cannot shift that time, since every buffer carries its own. Output thread only.
 */
final class QueuedBuffers {
    private final int[] ids;
    private final int[] samples;
    private final long[] captureMicros;
    private int head;
    private int count;
    private long totalSamples;

    QueuedBuffers(int capacity) {
        ids = new int[capacity];
        samples = new int[capacity];
        captureMicros = new long[capacity];
    }

    boolean isFull() {
        return count == ids.length;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** @param capture capture time of the buffer's first sample (µs since the epoch), or -1 if unknown */
    void add(int id, int sampleCount, long capture) {
        if (isFull()) {
            throw new IllegalStateException("all " + ids.length + " buffers are queued");
        }
        int i = (head + count) % ids.length;
        ids[i] = id;
        samples[i] = sampleCount;
        captureMicros[i] = capture;
        count++;
        totalSamples += sampleCount;
    }

    /** Forgets the oldest buffer (OpenAL has played it and it was unqueued); returns its id. */
    int removeOldest() {
        if (count == 0) {
            throw new IllegalStateException("no buffer queued");
        }
        int id = ids[head];
        totalSamples -= samples[head];
        head = (head + 1) % ids.length;
        count--;
        return id;
    }

    /** Samples per channel in all queued buffers, played or not. */
    long totalSamples() {
        return totalSamples;
    }

    /**
     * Capture time of the sample {@code offset} samples after the start of the oldest buffer
     * (OpenAL's AL_SAMPLE_OFFSET), or -1 when that buffer's time is unknown or nothing is there.
     */
    long captureAt(long offset) {
        long remaining = offset;
        for (int n = 0; n < count; n++) {
            int i = (head + n) % ids.length;
            if (remaining < samples[i]) {
                return captureMicros[i] < 0 ? -1 : captureMicros[i] + remaining * 1_000_000L / AudioPlayer.SAMPLE_RATE;
            }
            remaining -= samples[i];
        }
        return -1;
    }

    /** Capture time just after the newest buffer's last sample, or -1 when unknown. */
    long endCaptureMicros() {
        if (count == 0) {
            return -1;
        }
        int i = (head + count - 1) % ids.length;
        return captureMicros[i] < 0 ? -1 : captureMicros[i] + samples[i] * 1_000_000L / AudioPlayer.SAMPLE_RATE;
    }
}
