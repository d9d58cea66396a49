package org.glasscast.sender.source;

import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.media.TestPattern;

/**
 * The test pattern (DESIGN.md §5): a moving picture with the frame index and capture time burned
 * in, flashing white on the first frame of every whole second of capture time, when the test
 * tone beeps.
 */
public final class TestPatternSource implements VideoSource {
    private final MediaClock clock;
    private final TestPattern pattern;
    private long index;
    private long lastSecond = Long.MIN_VALUE;

    public TestPatternSource(MediaClock clock, int width, int height) {
        this.clock = clock;
        this.pattern = new TestPattern(width, height);
    }

    @Override
    public int width() {
        return pattern.width();
    }

    @Override
    public int height() {
        return pattern.height();
    }

    @Override
    public boolean selfPaced() {
        return false;
    }

    @Override
    public long capture(YuvFrame frame) {
        long nanos = clock.nanoTime();
        long micros = clock.unixMicrosAt(nanos);
        long second = Math.floorDiv(micros, 1_000_000L);
        boolean flash = lastSecond != Long.MIN_VALUE && second != lastSecond;
        lastSecond = second;
        pattern.draw(frame, index, micros, flash);
        frame.index(index).captureMicros(micros).captureNanos(nanos).flash(flash);
        index++;
        return nanos;
    }

    @Override
    public String describe() {
        return "test pattern " + width() + "x" + height();
    }

    @Override
    public void close() {
        // nothing held
    }
}
