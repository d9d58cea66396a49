package org.glasscast.viewer.decode;

import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.viewer.media.Picture;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.ViewerStats;
import org.glasscast.viewer.verify.PatternVerifier;

/**
 * The last step of every video path (decoded H.264, uncompressed RFC 4175): learn the picture's
 * capture time (burned-in code, abs-capture-time, or the RTCP clock mapping, in that order of
 * trust), count it and its latency, and hand it to the sink. One thread (the video stage's).
 */
final class FramePresenter {
    private final ViewerStats stats;
    private final MediaClock clock;
    private final CaptureClock captureClock;
    private final PatternVerifier verifier;
    private final VideoDecodeStage.FrameSink sink;

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
            stats.latency.record(latency);
            stats.videoLatencySumMicros.add(latency);
            stats.videoLatencyCount.increment();
        }
        sink.onFrame(picture, capture);
    }

    private long captureMicros(Picture picture, long rtpTimestamp, long absCaptureTimeNtp) {
        if (verifier != null && !picture.packedRgb()) { // the code is drawn in luma
            long burnedIn = verifier.check(picture.plane(0), picture.stride(0), picture.width(), picture.height());
            if (burnedIn > 0) {
                return burnedIn;
            }
        }
        if (absCaptureTimeNtp != 0) {
            return NtpTime.toUnixMicros(absCaptureTimeNtp);
        }
        return captureClock.unixMicros(rtpTimestamp);
    }
}
