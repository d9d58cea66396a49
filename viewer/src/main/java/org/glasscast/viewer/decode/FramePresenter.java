package org.glasscast.viewer.decode;

import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.CaptureTimeSource;
import org.glasscast.viewer.stats.ViewerStats;
import org.glasscast.viewer.verify.PatternVerifier;

/**
 * The last step of every video path (decoded H.264, uncompressed RFC 4175): learn the picture's
 * capture time (burned-in code, abs-capture-time, or the RTCP clock mapping, in that order of
 * trust), count it and its latency (only from a measured capture time: {@link CaptureTimeSource}),
 * and hand it to the sink. One thread (the video stage's).
 */
final class FramePresenter {
    private final ViewerStats stats;
    private final MediaClock clock;
    private final CaptureClock captureClock;
    private final PatternVerifier verifier;
    private final VideoDecodeStage.FrameSink sink;
    private CaptureTimeSource source = CaptureTimeSource.NONE;

    FramePresenter(ViewerStats stats, MediaClock clock, CaptureClock captureClock, boolean verifyPattern,
                   VideoDecodeStage.FrameSink sink) {
        this.stats = stats;
        this.clock = clock;
        this.captureClock = captureClock;
        this.verifier = verifyPattern ? new PatternVerifier(stats) : null;
        this.sink = sink;
    }

    void present(Picture picture, long rtpTimestamp, long absCaptureTimeNtp) {
        stats.framesDecoded.increment();
        stats.width = picture.width();
        stats.height = picture.height();
        long capture = captureMicros(picture, rtpTimestamp, absCaptureTimeNtp);
        if (capture > 0) {
            long latency = clock.nowUnixMicros() - capture;
            if (source.measured()) {
                stats.latency.record(latency);
                stats.latencyMeasuredFrom(source);
            }
            // the two tracks relative to each other: sender reports serve for this too
            stats.videoLatencySumMicros.add(latency);
            stats.videoLatencyCount.increment();
        }
        stats.videoCaptureMeasured = capture > 0 && source.measured();
        sink.onFrame(picture, capture);
    }

    /** The picture's capture time (µs since the epoch, -1 unknown); sets {@link #source} to where it came from. */
    private long captureMicros(Picture picture, long rtpTimestamp, long absCaptureTimeNtp) {
        if (verifier != null && !picture.packedRgb()) { // the code is drawn in luma
            long burnedIn = verifier.check(picture.plane(0), picture.stride(0), picture.width(), picture.height());
            if (burnedIn > 0) {
                source = CaptureTimeSource.PATTERN;
                return burnedIn;
            }
        }
        if (absCaptureTimeNtp != 0) {
            source = CaptureTimeSource.ABS_CAPTURE_TIME;
            return NtpTime.toUnixMicros(absCaptureTimeNtp);
        }
        long fromReports = captureClock.unixMicros(rtpTimestamp);
        source = fromReports > 0 ? CaptureTimeSource.SENDER_REPORT : CaptureTimeSource.NONE;
        return fromReports;
    }
}
