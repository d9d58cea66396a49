package org.glasscast.viewer.window;

import java.io.PrintStream;

/**
 * What the R key drives and the REC mark shows. The recorder implements it; the window only
 * calls {@link #toggle()} on its own thread and reads {@link #status()} a few times a second.
 */
public interface RecordingControl {
    /** Where recording stands: not recording, or for how long and how many bytes so far. */
    record Status(boolean recording, long elapsedMillis, long bytes) {
        public static final Status IDLE = new Status(false, 0, 0);
    }

    /** Starts recording, or stops it; must return quickly (the window draws on this thread). */
    void toggle();

    /** Any thread; never null. */
    Status status();

    /** For viewers without a recorder: R says so on {@code out}. */
    static RecordingControl unavailable(PrintStream out) {
        return new RecordingControl() {
            @Override
            public void toggle() {
                out.println("view: recording is not available");
            }

            @Override
            public Status status() {
                return Status.IDLE;
            }
        };
    }
}
