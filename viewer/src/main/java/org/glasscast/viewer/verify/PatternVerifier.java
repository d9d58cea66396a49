package org.glasscast.viewer.verify;

import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * Reads the burned-in code of each decoded frame (DESIGN.md §5) and keeps the tally a user would
 * check: frames whose code was unreadable, frame indices missing (gaps) and indices seen again
 * (repeats), with no trust in our own metadata. A restarted sender counts from its start again: an
 * index seen before but captured later starts the count afresh rather than being a repeat. Decode
 * thread only.
 */
public final class PatternVerifier {
    private final ViewerStats stats;
    private long last = -1;
    private long lastCapture;

    public PatternVerifier(ViewerStats stats) {
        this.stats = stats;
    }

    /**
     * Checks one frame's luma plane; returns its burned-in capture time in µs since the epoch, or
     * -1 when the code could not be read.
     */
    public long check(java.nio.ByteBuffer luma, int stride, int width, int height) {
        stats.patternChecked.increment();
        PatternCode.Reading r;
        try {
            r = PatternCode.read(luma, stride, width, height);
        } catch (IllegalArgumentException tooSmall) {
            r = null;
        }
        if (r == null) {
            stats.patternErrors.increment();
            return -1;
        }
        long index = r.frameIndex();
        // an index seen before but captured later: not a repeat, a restarted sender counting afresh
        boolean restarted = last >= 0 && index <= last && r.captureMicros() > lastCapture;
        if (last < 0) {
            stats.firstPatternIndex.set(index);
        } else if (!restarted && index > last + 1) {
            stats.patternGaps.add(index - last - 1);
        } else if (!restarted && index <= last) {
            stats.patternRepeats.increment();
        }
        if (index > last || restarted) {
            last = index;
            lastCapture = r.captureMicros();
            stats.lastPatternIndex.set(index);
        }
        return r.captureMicros();
    }
}
