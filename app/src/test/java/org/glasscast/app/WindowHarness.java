package org.glasscast.app;

import java.io.PrintStream;
import org.glasscast.viewer.Viewer;
import org.glasscast.viewer.ViewerConfig;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.window.VideoWindow;

/**
 * The viewer's window with a stand-in recorder, run as its own process by {@link WindowIT}
 * (GLFW reads DISPLAY from the process environment): R starts and stops a pretend recording
 * that grows by a megabyte a second, so the REC mark has something to show.
 */
public final class WindowHarness {
    private WindowHarness() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        FakeRecording recording = new FakeRecording(out);
        VideoWindow window = VideoWindow.open("glasscast \u2014 harness", true, PresentationClock.NONE, recording);
        try {
            Viewer viewer = Viewer.start(new ViewerConfig(args[0], false, false, true, 50, 0, null, true), out,
                    window.frames());
            try {
                out.println("harness: " + window.run(viewer.stats(), () -> viewer.endReason() != null));
            } finally {
                viewer.close();
            }
        } finally {
            window.close();
        }
        System.exit(0);
    }

    private static final class FakeRecording implements RecordingControl {
        private final PrintStream out;
        private volatile long startNanos;

        FakeRecording(PrintStream out) {
            this.out = out;
        }

        @Override
        public void toggle() {
            startNanos = startNanos == 0 ? System.nanoTime() : 0;
            out.println("harness: recording " + (startNanos != 0 ? "on" : "off"));
        }

        @Override
        public boolean recording() {
            return startNanos != 0;
        }

        @Override
        public long elapsedMillis() {
            long start = startNanos;
            return start == 0 ? 0 : (System.nanoTime() - start) / 1_000_000;
        }

        @Override
        public long bytes() {
            return elapsedMillis() * 1000;
        }

        @Override
        public java.nio.file.Path path() {
            return null;
        }
    }
}
