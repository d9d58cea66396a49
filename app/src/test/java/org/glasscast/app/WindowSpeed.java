package org.glasscast.app;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.stats.ViewerStats;
import org.glasscast.viewer.record.RecordingControl;
import org.glasscast.viewer.window.VideoWindow;

/**
 * How fast the window shows frames, without a sender or decoder competing for the cores: a
 * thread offers synthetic I420 frames at 120 fps for 10 s, the window draws without vsync.
 * Run by hand: {@code DISPLAY=:57 java -cp target/test-classes:target/classes:target/lib/* \
 * org.glasscast.app.WindowSpeed 1280 720}.
 */
public final class WindowSpeed {
    private WindowSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int w = Integer.parseInt(args[0]);
        int h = Integer.parseInt(args[1]);
        ByteBuffer y = ByteBuffer.allocateDirect(w * h);
        ByteBuffer u = ByteBuffer.allocateDirect(w * h / 4);
        ByteBuffer v = ByteBuffer.allocateDirect(w * h / 4);
        for (int i = 0; i < w * h; i++) {
            y.put(i, (byte) (16 + i % w * 219 / w));
        }
        Picture picture = new Picture() {
            public int width() {
                return w;
            }

            public int height() {
                return h;
            }

            public ByteBuffer plane(int i) {
                return (i == 0 ? y : i == 1 ? u : v).clear();
            }

            public int stride(int i) {
                return i == 0 ? w : w / 2;
            }

            public boolean fullRange() {
                return false;
            }
        };
        ViewerStats stats = new ViewerStats();
        VideoWindow window = VideoWindow.open("glasscast \u2014 speed", false, PresentationClock.NONE,
                RecordingControl.unavailable(System.out));
        try {
            long start = System.nanoTime();
            long seconds = 10;
            long cpu0 = cpuNanos();
            Thread feeder = new Thread(() -> {
                long next = System.nanoTime();
                for (long i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    PatternCode.draw(y, w, w, h, i, 0);
                    window.frames().onFrame(picture, -1);
                    stats.framesDecoded.increment();
                    next += 1_000_000_000L / 120;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }, "speed-feeder");
            feeder.setDaemon(true);
            feeder.start();
            window.run(stats, () -> System.nanoTime() - start > seconds * 1_000_000_000L);
            feeder.interrupt();
            feeder.join();
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%dx%d: offered %.1f fps, displayed %.1f fps, process CPU %.0f%% of one core%n",
                    w, h, stats.framesDecoded.sum() / s, stats.framesDisplayed.sum() / s,
                    (cpuNanos() - cpu0) / 1e9 / s * 100);
        } finally {
            window.close();
        }
        System.exit(0);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
