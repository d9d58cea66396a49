package org.glasscast.app.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.viewer.decode.VideoDecodeStage;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B-frames through the viewer's decode stage: access units go in decode order (I P B B ...) with
 * their own capture times; each picture that comes out must carry its own capture time, not
 * that of the unit fed in just before it. The stream is our burned-in code encoded by Debian's
 * ffmpeg with {@code -bf 2}, so every picture says which frame it is.
 */
class BFrameDecodeTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final int FRAMES = 60;
    private static final long T0 = 1_767_225_600_000_000L;

    @TempDir
    Path dir;

    private static long captureMicros(long index) {
        return T0 + index * 1_000_000L / 30;
    }

    @Test
    void everyPictureCarriesItsOwnCaptureTime() throws Exception {
        Path ts = encodeWithBFrames();
        List<AccessUnit> units = demux(ts);
        assertThat(units).hasSize(FRAMES);
        long[] rtp = units.stream().mapToLong(AccessUnit::rtpTimestamp).toArray();
        long[] sorted = rtp.clone();
        Arrays.sort(sorted);
        assertThat(rtp).as("decode order differs from presentation order").isNotEqualTo(sorted);

        List<long[]> shown = new ArrayList<>(); // {burned-in index, capture µs passed on}
        VideoDecodeStage stage = new VideoDecodeStage(new ViewerStats(), MediaClock.system(), new CaptureClock(90_000),
                false, () -> { }, (picture, capture) -> {
                    PatternCode.Reading r = PatternCode.read(picture.plane(0), picture.stride(0), picture.width(),
                            picture.height());
                    synchronized (shown) {
                        shown.add(new long[] {r == null ? -1 : r.frameIndex(), capture});
                    }
                });
        Thread decode = new Thread(stage::run, "test-decode");
        decode.start();
        units.forEach(stage::offer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && stage.queued() > 0) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        decode.interrupt();
        decode.join(5000);

        synchronized (shown) {
            // the decoder holds back its last pictures until it is flushed: most, not all, come out
            assertThat(shown.size()).isGreaterThanOrEqualTo(FRAMES - 3);
            for (int i = 0; i < shown.size(); i++) {
                long[] s = shown.get(i);
                assertThat(s[0]).as("picture %d shows frame %d", i, i).isEqualTo(i);
                assertThat(s[1]).as("picture %d's capture time", i).isCloseTo(captureMicros(i), org.assertj.core.data.Offset.offset(1L));
            }
        }
    }

    /** Our code in grey pictures → ffmpeg's libx264 with B-frames → MPEG-TS (Annex B with a PTS per unit). */
    private Path encodeWithBFrames() throws Exception {
        Path ts = dir.resolve("bframes.ts");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p",
                "-s", W + "x" + H, "-r", "30", "-i", "-", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2",
                "-g", "300", "-f", "mpegts", ts.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        byte[] frame = new byte[W * H * 3 / 2];
        ByteBuffer luma = ByteBuffer.wrap(frame, 0, W * H);
        try (OutputStream in = p.getOutputStream()) {
            for (int i = 0; i < FRAMES; i++) {
                Arrays.fill(frame, 0, W * H, (byte) (40 + i));
                Arrays.fill(frame, W * H, frame.length, (byte) 128);
                PatternCode.draw(luma, W, W, H, i, captureMicros(i));
                in.write(frame);
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("ffmpeg.log"))).isZero();
        return ts;
    }

    /** Access units in decode order, each with its RTP time (the PTS, 90 kHz) and its frame's capture time. */
    private static List<AccessUnit> demux(Path ts) throws Exception {
        List<AccessUnit> units = new ArrayList<>();
        long firstPts = -1;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(ts.toFile())) {
            g.start();
            AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                if (pkt.stream_index() != g.getVideoStream()) {
                    continue;
                }
                long pts = pkt.pts();
                if (firstPts < 0) {
                    firstPts = pts; // the first unit is the IDR, shown first
                }
                byte[] data = new byte[pkt.size()];
                pkt.data().get(data);
                ByteBuf annexB = Unpooled.wrappedBuffer(data);
                long index = (pts - firstPts) / 3000;
                units.add(new AccessUnit(annexB, pts & 0xFFFF_FFFFL, (pkt.flags() & 1) != 0, true,
                        NtpTime.fromUnixMicros(captureMicros(index)), 0, 0, 1));
            }
            g.stop();
        }
        return units;
    }
}
