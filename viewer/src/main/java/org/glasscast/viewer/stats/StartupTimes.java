package org.glasscast.viewer.stats;

import java.io.PrintStream;
import java.util.Locale;
import org.glasscast.protocol.stats.LaunchTime;
import org.glasscast.viewer.decode.VideoDecodeStage;

/**
 * How long the viewer took from its launch ({@link LaunchTime}) to the first picture decoded and,
 * with a window, to the first picture on screen (its buffers swapped): one line each on the
 * viewer's output ({@code view: first picture after 612 ms}) and {@code startup_ms.*} in the
 * stats JSON. Each is recorded once, by whichever thread gets there.
 */
public final class StartupTimes {
    private volatile double firstPictureMillis = Double.NaN;
    private volatile double onScreenMillis = Double.NaN;
    private volatile PrintStream out;

    /** Where the lines go; null (the default) records the figures without printing them. */
    public void printTo(PrintStream out) {
        this.out = out;
    }

    /** {@code next}, noting the first picture handed to it as decoded. */
    public VideoDecodeStage.FrameSink watch(VideoDecodeStage.FrameSink next) {
        return (frame, captureMicros) -> {
            if (Double.isNaN(firstPictureMillis)) {
                pictureDecoded();
            }
            next.onFrame(frame, captureMicros);
        };
    }

    /** The first picture came out of the decoder (later calls do nothing). */
    public synchronized void pictureDecoded() {
        if (Double.isNaN(firstPictureMillis)) {
            firstPictureMillis = LaunchTime.millisSinceLaunch();
            print("first picture after", firstPictureMillis);
        }
    }

    /** The window showed its first picture (later calls do nothing). */
    public synchronized void pictureOnScreen() {
        if (Double.isNaN(onScreenMillis)) {
            onScreenMillis = LaunchTime.millisSinceLaunch();
            print("first picture on screen after", onScreenMillis);
        }
    }

    private void print(String what, double millis) {
        PrintStream o = out;
        if (o != null && !Double.isNaN(millis)) {
            o.println(String.format(Locale.ROOT, "view: %s %.0f ms", what, millis)); // one write: a reader sees all of it
        }
    }

    /** Launch → first picture decoded, ms; NaN before it. */
    public double firstPictureMillis() {
        return firstPictureMillis;
    }

    /** Launch → first picture on screen, ms; NaN before it or without a window. */
    public double onScreenMillis() {
        return onScreenMillis;
    }
}
