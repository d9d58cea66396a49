package org.glasscast.viewer.record;

/**
 * Decode timestamps for a video stream that carries only presentation times (RTP), as a file
 * needs them: with B-frames, access units arrive in decode order with their capture times out
 * of order. With a reorder depth of D frames (the SPS's max_num_reorder_frames), the decode time
 * of the j-th access unit is the (j-D)-th smallest presentation time: never later than its own
 * presentation time, strictly increasing, and known as soon as the unit arrives (a valid stream
 * cannot bring a smaller time later). The first D units, before any time is known, go 1 ms apart
 * before the first presentation time. One thread; no allocation per frame.
 */
final class DecodeTimestamps {
    /** Spacing of the first D decode times: one tick of Matroska's 1 ms time base. */
    static final long LEAD_STEP_MICROS = 1000;

    private final int reorder;
    /** Presentation times not yet handed out as decode times, ascending; at most reorder + 1. */
    private final long[] waiting;
    private int count;
    private int seen;
    private long first;

    DecodeTimestamps(int reorder) {
        if (reorder < 0 || reorder > 16) {
            throw new IllegalArgumentException("reorder depth " + reorder + " is outside 0..16");
        }
        this.reorder = reorder;
        this.waiting = new long[reorder + 1];
    }

    int reorder() {
        return reorder;
    }

    /** The decode time of the next access unit (decode order), shown at {@code ptsMicros}. */
    long next(long ptsMicros) {
        if (reorder == 0) {
            return ptsMicros;
        }
        int i = count++;
        while (i > 0 && waiting[i - 1] > ptsMicros) {
            waiting[i] = waiting[i - 1];
            i--;
        }
        waiting[i] = ptsMicros;
        int j = seen++;
        if (j == 0) {
            first = ptsMicros;
        }
        if (count <= reorder) {
            return first - (reorder - j) * LEAD_STEP_MICROS;
        }
        long dts = waiting[0];
        System.arraycopy(waiting, 1, waiting, 0, --count);
        return dts;
    }
}
