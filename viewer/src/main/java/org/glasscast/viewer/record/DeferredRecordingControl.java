package org.glasscast.viewer.record;

import java.nio.file.Path;

/**
 * A recording control known only later: the window opens (on the main thread, first) before the
 * viewer that owns the recorder has started. Until set, R does what {@code before} does.
 */
public final class DeferredRecordingControl implements RecordingControl {
    private volatile RecordingControl target;

    public DeferredRecordingControl(RecordingControl before) {
        this.target = before;
    }

    public void set(RecordingControl control) {
        target = control;
    }

    @Override
    public void toggle() {
        target.toggle();
    }

    @Override
    public boolean recording() {
        return target.recording();
    }

    @Override
    public long elapsedMillis() {
        return target.elapsedMillis();
    }

    @Override
    public long bytes() {
        return target.bytes();
    }

    @Override
    public Path path() {
        return target.path();
    }
}
