package org.glasscast.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.sender.media.EncoderSettings;
import org.glasscast.sender.media.TestPattern;

/**
 * The same job through Debian's ffmpeg CLI, measured the same way: our test pattern (drawn by
 * the bench at absolute deadlines, with the burned-in frame index and capture time) is piped raw
 * into {@code ffmpeg} → libx264 with our settings (ultrafast, zerolatency, baseline, capped CRF 23,
 * same VBV ceiling and keyframe interval, as many threads) → RTP on loopback → a second
 * {@code ffmpeg} (nobuffer, low_delay, one decoding thread, no frame-rate conversion, each frame
 * flushed) → raw grey frames on its standard output, read here: each frame's code gives the index and capture time, so latency and gaps are
 * counted exactly as for our viewer. Drawing the pattern is in our sender's CPU but not in
 * ffmpeg's (the bench draws it), which favours ffmpeg slightly.
 */
final class Baseline {
    private Baseline() {
    }

    static Loopback.Run runOnce(Path dir, Loopback.Settings s, PrintStream log) throws IOException, InterruptedException {
        int port = Loopback.freePort();
        int kbps = EncoderSettings.defaults(s.width(), s.height(), s.fps()).bitrateKbps();
        Path sdp = dir.resolve("stream.sdp");
        Files.writeString(sdp, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=bench baseline\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=video " + port + " RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n",
                StandardCharsets.US_ASCII);
        int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() / 2));
        List<String> receive = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-protocol_whitelist",
                "file,udp,rtp", "-fflags", "nobuffer", "-flags", "low_delay", "-threads", "1", "-i", sdp.toString(),
                "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-flush_packets", "1", "pipe:1");
        List<String> send = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "rawvideo",
                "-pix_fmt", "yuv420p", "-video_size", s.size(), "-framerate", Integer.toString(s.fps()), "-i", "pipe:0",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline",
                "-crf", "23", "-maxrate", kbps + "k", "-bufsize", kbps + "k", "-g", Integer.toString(2 * s.fps()),
                "-keyint_min", Integer.toString(2 * s.fps()), "-bf", "0", "-threads", Integer.toString(threads),
                "-x264-params", "repeat-headers=1:scenecut=0", "-f", "rtp", "rtp://127.0.0.1:" + port);
        Path stdoutLog = dir.resolve("receiver.log");
        ProcessBuilder rb = new ProcessBuilder(receive).redirectError(stdoutLog.toFile());
        Process receiver = rb.start();
        Child receiverChild = Child.adopt("ffmpeg-receive", receiver, stdoutLog);
        Thread.sleep(500); // bound to its port before the first packet
        ProcessBuilder sb = new ProcessBuilder(send).redirectError(dir.resolve("sender.log").toFile())
                .redirectOutput(dir.resolve("sender.log").toFile());
        Process sender = sb.start();
        Child senderChild = Child.adopt("ffmpeg-send", sender, dir.resolve("sender.log"));
        Feeder feeder = new Feeder(sender.getOutputStream(), s);
        Thread feed = new Thread(feeder, "bench-feeder");
        feed.setDaemon(true);
        feed.start();
        Reader reader = new Reader(receiver.getInputStream(), s, (int) Math.ceil(s.fps() * (s.seconds() + s.warmupSeconds() + 30) * 1.5));
        Thread read = new Thread(reader, "bench-reader");
        read.setDaemon(true);
        read.start();
        try {
            return measure(s, feeder, reader, senderChild, receiverChild, log);
        } finally {
            feeder.stop = true;
            feed.join(2000);
            senderChild.close();
            receiverChild.close();
            read.join(2000);
        }
    }

    private static Loopback.Run measure(Loopback.Settings s, Feeder feeder, Reader reader, Child sender,
                                        Child receiver, PrintStream log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (reader.count == 0) {
            if (!receiver.process().isAlive() || !sender.process().isAlive() || System.nanoTime() > deadline) {
                throw new IOException("ffmpeg decoded no frame: " + receiver.tail() + sender.tail());
            }
            Thread.sleep(100);
        }
        long startNanos = System.nanoTime();
        long originMicros = System.currentTimeMillis() * 1000;
        Thread.sleep((long) (s.warmupSeconds() * 1000));
        double senderCpu0 = sender.cpuSeconds();
        double receiverCpu0 = receiver.cpuSeconds();
        long fed0 = feeder.fed;
        int from = reader.count;
        double t0 = (System.nanoTime() - startNanos) / 1e9;
        List<Double> fpsT = new ArrayList<>();
        List<Double> fpsV = new ArrayList<>();
        int last = from;
        while ((System.nanoTime() - startNanos) / 1e9 < s.warmupSeconds() + s.seconds()) {
            Thread.sleep(1000);
            int now = reader.count;
            fpsT.add((System.nanoTime() - startNanos) / 1e9);
            fpsV.add((double) (now - last));
            last = now;
        }
        double senderCpu1 = sender.cpuSeconds();
        double receiverCpu1 = receiver.cpuSeconds();
        long fed1 = feeder.fed;
        int to = reader.count;
        double window = (System.nanoTime() - startNanos) / 1e9 - t0;
        FrameTimes frames = reader.slice(from, to);
        double[] lat = frames.latenciesMillis();
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("fps_sent", (fed1 - fed0) / window);
        f.put("fps_decoded", frames.count() / window);
        f.put("frames_decoded", (double) frames.count());
        f.put("frame_gaps", (double) frames.gaps());
        f.put("frame_repeats", (double) frames.repeats());
        f.put("frames_unreadable", (double) frames.unreadable());
        f.put("latency_p50_ms", Figures.percentile(lat, 50));
        f.put("latency_p95_ms", Figures.percentile(lat, 95));
        f.put("latency_p99_ms", Figures.percentile(lat, 99));
        f.put("latency_max_ms", Figures.percentile(lat, 100));
        f.put("sender_cpu_percent", (senderCpu1 - senderCpu0) / window * 100);
        f.put("viewer_cpu_percent", (receiverCpu1 - receiverCpu0) / window * 100);
        f.put("sender_cpu_ms_per_frame", (senderCpu1 - senderCpu0) * 1000 / Math.max(1, fed1 - fed0));
        f.put("viewer_cpu_ms_per_frame", (receiverCpu1 - receiverCpu0) * 1000 / Math.max(1, frames.count()));
        f.put("sender_peak_rss_mib", sender.peakRssMiB());
        f.put("viewer_peak_rss_mib", receiver.peakRssMiB());
        f.put("sender_frames_dropped", (double) feeder.skipped);
        log.printf(java.util.Locale.ROOT, "  ffmpeg %s@%d: %.1f fps decoded, %d gaps, latency p50 %.1f ms p99 %.1f ms,"
                        + " sender %.1f%% cpu, receiver %.1f%% cpu%n", s.size(), s.fps(), f.get("fps_decoded"),
                frames.gaps(), f.get("latency_p50_ms"), f.get("latency_p99_ms"), f.get("sender_cpu_percent"),
                f.get("viewer_cpu_percent"));
        return new Loopback.Run(f, frames, originMicros, fpsT.stream().mapToDouble(Double::doubleValue).toArray(),
                fpsV.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Draws the test pattern at absolute deadlines into ffmpeg's standard input. */
    private static final class Feeder implements Runnable {
        private final OutputStream out;
        private final Loopback.Settings s;
        volatile boolean stop;
        volatile long fed;
        volatile long skipped;

        Feeder(OutputStream out, Loopback.Settings s) {
            this.out = out;
            this.s = s;
        }

        @Override
        public void run() {
            MediaClock clock = MediaClock.system();
            TestPattern pattern = new TestPattern(s.width(), s.height());
            YuvFrame frame = new YuvFrame(s.width(), s.height());
            byte[] bytes = new byte[s.width() * s.height() * 3 / 2];
            long period = 1_000_000_000L / s.fps();
            long next = clock.nanoTime();
            try {
                for (long index = 0; !stop; index++) {
                    long wait = next - clock.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long now = clock.nanoTime();
                    while (next + period <= now) { // behind: skip deadlines, as our pacer does
                        next += period;
                        skipped++;
                    }
                    next += period;
                    pattern.draw(frame, index, clock.unixMicrosAt(now), false);
                    int at = 0;
                    for (int p = 0; p < 3; p++) {
                        int w = p == 0 ? s.width() : s.width() / 2;
                        int h = p == 0 ? s.height() : s.height() / 2;
                        int stride = p == 0 ? frame.strideY() : frame.strideUV();
                        ByteBuffer plane = frame.plane(p);
                        for (int row = 0; row < h; row++) {
                            plane.get(row * stride, bytes, at, w);
                            at += w;
                        }
                    }
                    out.write(bytes);
                    out.flush();
                    fed++;
                }
            } catch (IOException e) {
                // ffmpeg ended
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    // gone
                }
            }
        }
    }

    /** Reads ffmpeg's grey frames and the code in each, with the time it arrived. */
    private static final class Reader implements Runnable {
        private final InputStream in;
        private final Loopback.Settings s;
        private final long[] index;
        private final long[] capture;
        private final long[] shown;
        volatile int count;

        Reader(InputStream in, Loopback.Settings s, int capacity) {
            this.in = in;
            this.s = s;
            this.index = new long[capacity];
            this.capture = new long[capacity];
            this.shown = new long[capacity];
        }

        @Override
        public void run() {
            MediaClock clock = MediaClock.system();
            byte[] grey = new byte[s.width() * s.height()];
            ByteBuffer luma = ByteBuffer.wrap(grey);
            DataInputStream data = new DataInputStream(in);
            try {
                while (count < index.length) {
                    data.readFully(grey);
                    long now = clock.nowUnixMicros();
                    PatternCode.Reading r = PatternCode.read(luma, s.width(), s.width(), s.height());
                    int n = count;
                    index[n] = r == null ? -1 : r.frameIndex();
                    capture[n] = r == null ? -1 : r.captureMicros();
                    shown[n] = now;
                    count = n + 1;
                }
            } catch (EOFException e) {
                // ffmpeg ended
            } catch (IOException e) {
                // ffmpeg ended
            }
        }

        FrameTimes slice(int from, int to) {
            return new FrameTimes(java.util.Arrays.copyOfRange(index, from, to),
                    java.util.Arrays.copyOfRange(capture, from, to), java.util.Arrays.copyOfRange(shown, from, to));
        }
    }
}
