package org.glasscast.viewer.record;

import java.nio.file.Path;

/**
 * Start and stop recording while the viewer runs (the window's R key) and what the overlay's REC
 * mark shows. Any thread.
 */
public interface RecordingControl {
    /** Starts recording (to the --record path, else glasscast-TIME.mkv here) or stops it. */
    void toggle();

    /** Recording asked for: waiting for the first keyframe, or writing. */
    boolean recording();

    /** Media time written so far in this recording (ms), 0 before its first frame. */
    long elapsedMillis();

    /** Bytes written so far in this recording, over all its files. */
    long bytes();

    /** The file being written (the last one written after a stop), or null before any. */
    Path path();

    /** For a viewer without a recorder: R says so on {@code out}. */
    static RecordingControl unavailable(java.io.PrintStream out) {
        return new Idle(() -> out.println("view: recording is not available"));
    }

    /** For streams that cannot be recorded (uncompressed video: recording copies H.264): does nothing. */
    RecordingControl NONE = new Idle(() -> { });

    /** Never records; R does {@code onToggle}. */
    final class Idle implements RecordingControl {
        private final Runnable onToggle;

        private Idle(Runnable onToggle) {
            this.onToggle = onToggle;
        }

        @Override
        public void toggle() {
            onToggle.run();
        }

        @Override
        public boolean recording() {
            return false;
        }

        @Override
        public long elapsedMillis() {
            return 0;
        }

        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public Path path() {
            return null;
        }
    }
}
