package org.glasscast.viewer.stats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;

/**
 * One CSV line per frame, for the bench: {@code index,capture_us,shown_us} (burned-in frame
 * index or -1, capture time in µs since the epoch or -1, and when the frame was decoded or put on
 * screen, on the same clock). Asked for with a system property naming the file:
 * {@value #DECODED} logs each frame handed to the sink (headless: decoded), {@value #DISPLAYED}
 * each frame the window shows. Not a user option (the stats JSON is). Written on one thread
 * through a buffer, flushed at close.
 */
public final class FrameLog implements AutoCloseable {
    public static final String DECODED = "glasscast.frameLog";
    public static final String DISPLAYED = "glasscast.displayLog";

    private final MediaClock clock;
    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(64);
    private boolean failed;

    private FrameLog(MediaClock clock, Path file) throws IOException {
        this.clock = clock;
        this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        out.write("index,capture_us,shown_us\n");
    }

    /** The log the system property {@code property} names, or null when it is not set. */
    public static FrameLog ifAsked(String property, MediaClock clock) {
        String file = System.getProperty(property);
        if (file == null || file.isEmpty()) {
            return null;
        }
        try {
            return new FrameLog(clock, Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the frame log " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code next}, logging each frame it is handed when {@value #DECODED} is set. */
    public static VideoDecodeStage.FrameSink wrapIfAsked(VideoDecodeStage.FrameSink next, MediaClock clock,
                                                         java.util.function.Consumer<FrameLog> opened) {
        FrameLog log = ifAsked(DECODED, clock);
        if (log == null) {
            return next;
        }
        opened.accept(log);
        return (frame, captureMicros) -> {
            log.frame(frame.plane(0), frame.stride(0), frame.width(), frame.height(), captureMicros);
            next.onFrame(frame, captureMicros);
        };
    }

    /** Logs one frame now; reads its burned-in index from the luma plane. */
    public void frame(ByteBuffer luma, int stride, int width, int height, long captureMicros) {
        long now = clock.nowUnixMicros();
        if (failed) {
            return;
        }
        long index = -1;
        try {
            PatternCode.Reading r = PatternCode.read(luma, stride, width, height);
            if (r != null) {
                index = r.frameIndex();
            }
        } catch (IllegalArgumentException tooSmall) {
            index = -1;
        }
        line.setLength(0);
        line.append(index).append(',').append(captureMicros > 0 ? captureMicros : -1).append(',').append(now)
                .append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            failed = true;
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            failed = true;
        }
    }
}
