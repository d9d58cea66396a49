package org.glasscast.viewer.stats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.media.Picture;

/**
 * One CSV line per frame handed to the sink, for the bench: {@code index,capture_us,decoded_us}
 * (burned-in frame index or -1, capture time in µs since the epoch or -1, and when the frame
 * reached the sink, on the same clock). Asked for with the system property
 * {@value #PROPERTY}{@code =FILE}; not a user option (the stats JSON is).
 * Written on the video thread through a buffer, flushed at close.
 */
public final class FrameLog implements VideoDecodeStage.FrameSink, AutoCloseable {
    public static final String PROPERTY = "glasscast.frameLog";

    private final VideoDecodeStage.FrameSink next;
    private final MediaClock clock;
    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(64);
    private boolean failed;

    private FrameLog(VideoDecodeStage.FrameSink next, MediaClock clock, Path file) throws IOException {
        this.next = next;
        this.clock = clock;
        this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        out.write("index,capture_us,decoded_us\n");
    }

    /** {@code next} as it is, or logged when the system property names a file. */
    public static VideoDecodeStage.FrameSink wrapIfAsked(VideoDecodeStage.FrameSink next, MediaClock clock) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isEmpty()) {
            return next;
        }
        try {
            return new FrameLog(next, clock, Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the frame log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onFrame(Picture frame, long captureMicros) {
        long now = clock.nowUnixMicros();
        if (!failed) {
            long index = -1;
            try {
                PatternCode.Reading r = PatternCode.read(frame.plane(0), frame.stride(0), frame.width(), frame.height());
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
        next.onFrame(frame, captureMicros);
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
