package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.io.IOException;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.glasscast.media.Scaler;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.VideoSource;

/**
 * Pictures of a file, URL or camera, decoded by FFmpeg and scaled to I420. Self-paced.
 *
 * <p>Capture instants. A file plays at its own timestamps: the first picture anchors stream time
 * to the present ({@link FileTimeline}, shared with the audio track) and every picture
 * waits for its deadline, which is its capture instant; with {@code loop} the file rewinds at its
 * end and time goes on (offset by the last timestamp plus one frame). A live input keeps the
 * spacing of its own timestamps, anchored by the smallest delay seen ({@link LiveTimestamps}).
 * Instants never go backwards.
 */
public final class FfmpegVideoSource implements VideoSource {

    private final MediaClock clock;
    private final FfmpegInput input;
    private final boolean loop;
    private final Scaler scaler;
    private final AVFrame decoded = av_frame_alloc();
    private final VideoInfo video;
    private final long defaultFrameMicros;
    private final String description;
    private long index;
    private long lastInstant = Long.MIN_VALUE;
    // file pacing
    private long loopOffsetMicros;
    private long firstPtsMicros = Long.MIN_VALUE;
    private long lastPtsMicros = Long.MIN_VALUE;
    private long lastStepMicros;
    private long framesThisPass;
    private final LiveTimestamps live = new LiveTimestamps();

    /**
     * Takes ownership of {@code input} (closing this source closes it, which also ends an audio
     * source sharing it). {@code maxWidth x maxHeight} bounds the output (0 = native size); the
     * aspect ratio is kept. {@code loop} rewinds a file at its end.
     */
    public FfmpegVideoSource(MediaClock clock, FfmpegInput input, int maxWidth, int maxHeight, boolean loop) {
        if (!input.hasVideo()) {
            throw new IllegalArgumentException(input.name() + " has no video");
        }
        this.clock = clock;
        this.input = input;
        this.loop = loop && !input.live();
        this.video = input.video();
        int[] size = Scaler.fit(video.width(), video.height(), maxWidth, maxHeight);
        this.scaler = new Scaler(size[0], size[1]);
        double fps = video.frameRate();
        this.defaultFrameMicros = fps > 0 ? Math.round(1e6 / fps) : 33_333;
        this.description = input.kind() + " " + input.target() + " " + video.width() + "x" + video.height()
                + " " + video.codec();
        input.attachVideo();
    }

    /**
     * Opens a video source by our spelling: "camera[:DEVICE]", "file:PATH" or an FFmpeg URL. Use
     * the constructor with an {@link FfmpegInput} to share the input with its audio track.
     */
    public static FfmpegVideoSource open(MediaClock clock, String source, int maxWidth, int maxHeight, boolean loop)
            throws IOException {
        FfmpegInput input = FfmpegInput.open(DeviceInputs.video(DeviceInputs.Os.current(), source),
                DeviceInputs.live(source));
        try {
            return new FfmpegVideoSource(clock, input, maxWidth, maxHeight, loop);
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    @Override
    public int width() {
        return scaler.width();
    }

    @Override
    public int height() {
        return scaler.height();
    }

    @Override
    public boolean selfPaced() {
        return true;
    }

    @Override
    public long capture(YuvFrame frame) throws IOException, InterruptedException {
        try {
            while (true) {
                if (!input.nextVideo(decoded)) {
                    if (!loop || framesThisPass == 0) {
                        input.endVideo();
                        return END;
                    }
                    loopOffsetMicros += lastPtsMicros - firstPtsMicros + Math.max(1, lastStepMicros);
                    framesThisPass = 0;
                    lastPtsMicros = Long.MIN_VALUE;
                    input.rewind();
                    continue;
                }
                long ptsMicros;
                synchronized (this) { // close() may free the frame from another thread
                    if (decoded.isNull()) {
                        return END;
                    }
                    ptsMicros = ptsMicros(decoded.best_effort_timestamp());
                }
                long instant = input.live() ? live.instant(ptsMicros, clock.nanoTime()) : fileInstant(ptsMicros);
                if (instant == END) {
                    return END;
                }
                instant = Math.max(instant, lastInstant == Long.MIN_VALUE ? instant : lastInstant + 1);
                lastInstant = instant;
                synchronized (this) {
                    if (decoded.isNull()) {
                        return END;
                    }
                    scaler.scale(decoded, frame);
                    av_frame_unref(decoded);
                }
                frame.index(index++).captureNanos(instant).captureMicros(clock.unixMicrosAt(instant));
                return instant;
            }
        } catch (ClosedInputException e) {
            return END;
        }
    }

    private long ptsMicros(long pts) {
        if (pts == AV_NOPTS_VALUE) {
            return Long.MIN_VALUE;
        }
        return video.micros(pts);
    }

    /** Waits for the picture's place on the file's time line; END when closed meanwhile. */
    private long fileInstant(long ptsMicros) throws InterruptedException {
        if (ptsMicros == Long.MIN_VALUE) {
            ptsMicros = lastPtsMicros == Long.MIN_VALUE ? 0 : lastPtsMicros + Math.max(1, lastStepMicros);
        }
        if (firstPtsMicros == Long.MIN_VALUE) {
            firstPtsMicros = ptsMicros;
        }
        if (lastPtsMicros != Long.MIN_VALUE && ptsMicros > lastPtsMicros) {
            lastStepMicros = ptsMicros - lastPtsMicros;
        } else if (lastStepMicros == 0) {
            lastStepMicros = defaultFrameMicros;
        }
        lastPtsMicros = Math.max(ptsMicros, lastPtsMicros);
        framesThisPass++;
        long deadline = input.timeline().playNanos(ptsMicros + loopOffsetMicros, clock::nanoTime);
        return input.sleepUntil(deadline, clock::nanoTime) ? deadline : END;
    }

    /** "file talk.mp4 1280x720 h264", "camera /dev/video0 640x480 mjpeg", "url rtsp://cam/live 1920x1080 h264". */
    @Override
    public String describe() {
        return description;
    }

    /** Closes the input (unblocking a capture in progress) and frees the decoded frame and scaler. */
    @Override
    public void close() {
        input.close();
        synchronized (this) {
            if (!decoded.isNull()) {
                av_frame_free(decoded);
                scaler.close();
            }
        }
    }
}
