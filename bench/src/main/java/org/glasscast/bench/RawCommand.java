package org.glasscast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code glasscast bench raw}: uncompressed RFC 4175 video on loopback at rising frame rates,
 * the highest that delivers every frame, beside the loopback UDP ceiling for datagrams of the
 * same size measured in the same run. To beat: a Python raw-frame streamer, 160x120 RGB over UDP at 230 fps.
 */
@Command(name = "raw", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Uncompressed (RFC 4175) video on loopback at rising rates: the highest that delivers every"
                + " frame, beside loopback UDP throughput measured in the same run.")
public final class RawCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "160x120", description = "default ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--rates", paramLabel = "FPS,...", split = ",",
            description = "frame rates to try (default 250,500,1000 for small frames; 10,20,30 from 640x480 up)")
    List<Integer> rates;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        int[] wh = BenchOptions.size(spec, size);
        List<Integer> ladder = rates != null ? rates : defaultRates(wh[0], wh[1], options.quick);
        for (int r : ladder) {
            if (r < 1 || r > 1000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rates: " + r + " is outside 1..1000");
            }
        }
        double seconds = options.seconds(10, 3);
        Report report = Report.create(options.out, "raw", "./glasscast bench raw --size " + wh[0] + "x" + wh[1]
                + " --rates " + ladder.toString().replaceAll("[\\[\\] ]", "") + " --seconds " + Report.format(seconds)
                + " --runs " + options.runs());
        System.out.println("bench raw: " + wh[0] + "x" + wh[1] + " at " + ladder + " fps → " + report.dir());
        run(report, wh[0], wh[1], ladder, seconds, options.runs(), options.quick);
        report.write();
        System.out.println("bench raw: " + report.dir().resolve("report.md"));
        return 0;
    }

    static List<Integer> defaultRates(int width, int height, boolean quick) {
        boolean small = width * height < 640 * 480;
        if (quick) {
            return List.of(small ? 1000 : 10);
        }
        return small ? List.of(250, 500, 1000) : List.of(10, 20, 30);
    }

    static void run(Report report, int width, int height, List<Integer> ladder, double seconds, int runs,
                    boolean quick) throws Exception {
        int frameBytes = width * height * 3 / 2;
        int datagram = Math.min(65_000, frameBytes + 40);
        UdpCeiling.Result ceiling = UdpCeiling.measure(datagram, quick ? 1 : 3);
        System.out.printf(java.util.Locale.ROOT, "  loopback UDP, %d-byte datagrams: %.0f/s, %.0f MB/s%n",
                datagram, ceiling.datagramsPerSecond(), ceiling.megabytesPerSecond());
        Map<String, Object> byRate = new LinkedHashMap<>();
        List<List<Object>> rows = new ArrayList<>();
        int best = 0;
        List<Double> rateX = new ArrayList<>();
        List<Double> decodedY = new ArrayList<>();
        for (int fps : ladder) {
            List<Loopback.Run> results = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Path dir = report.dir().resolve(fps + "fps-run-" + i);
                Files.createDirectories(dir);
                results.add(Loopback.runOnce(dir, new Loopback.Settings(width, height, fps, seconds, quick ? 1 : 2,
                        "raw", 65_000, false), System.out));
            }
            Map<String, Object> summary = Loopback.summarize(results);
            byRate.put(Integer.toString(fps), summary);
            double decoded = Loopback.median(summary, "fps_decoded");
            double gaps = Loopback.median(summary, "frame_gaps");
            boolean whole = gaps == 0 && Loopback.median(summary, "packets_lost") == 0;
            if (whole && decoded >= 0.95 * fps) {
                best = fps;
            }
            rateX.add((double) fps);
            decodedY.add(decoded);
            rows.add(List.of(fps, Loopback.median(summary, "fps_sent"), decoded, gaps,
                    Loopback.median(summary, "packets_lost"), Loopback.median(summary, "latency_p50_ms"),
                    Loopback.median(summary, "latency_p99_ms"), Loopback.median(summary, "sender_cpu_percent"),
                    Loopback.median(summary, "viewer_cpu_percent"), decoded * frameBytes * 8 / 1e6));
        }
        report.put("settings", Map.of("size", width + "x" + height, "rates", ladder, "seconds", seconds, "runs", runs,
                "frame_bytes", frameBytes));
        report.put("udp_ceiling", Map.of("datagram_bytes", ceiling.datagramBytes(),
                "datagrams_per_second", ceiling.datagramsPerSecond(), "megabytes_per_second", ceiling.megabytesPerSecond(),
                "loss_percent", ceiling.lossPercent()));
        report.put("by_rate", byRate);
        report.put("highest_whole_rate_fps", best);
        report.text("Test pattern " + width + "x" + height + " as RFC 4175 YCbCr-4:2:0 (" + frameBytes
                + " bytes a frame, --mtu 65000), sender and viewer as separate JVMs on loopback, " + runs + " run(s) of "
                + Report.format(seconds) + " s per rate (medians). The highest rate delivering every frame (no gap, no"
                + " loss, at least 95% of the rate): **" + (best == 0 ? "none of those tried" : best + " fps") + "**"
                + " (a Python raw-frame streamer: 160x120 RGB at 230 fps).");
        report.text("");
        report.text(String.format(java.util.Locale.ROOT, "Loopback UDP ceiling in the same run, %d-byte datagrams:"
                        + " %.0f datagrams/s = %.0f MB/s (%.1f%% lost at full blast), i.e. about %.0f such frames/s.",
                datagram, ceiling.datagramsPerSecond(), ceiling.megabytesPerSecond(), ceiling.lossPercent(),
                ceiling.megabytesPerSecond() * 1e6 / frameBytes));
        report.text("");
        report.table(List.of("fps asked", "fps sent", "fps decoded", "gaps", "packets lost", "latency p50 ms",
                "latency p99 ms", "sender CPU %", "viewer CPU %", "Mbit/s"), rows);
        Plots.lines(report.dir().resolve("rates.png"), "Raw " + width + "x" + height + ": decoded vs asked",
                "fps asked", "fps decoded", List.of(
                        new Plots.Line("decoded", rateX.stream().mapToDouble(Double::doubleValue).toArray(),
                                decodedY.stream().mapToDouble(Double::doubleValue).toArray(), true),
                        new Plots.Line("asked", rateX.stream().mapToDouble(Double::doubleValue).toArray(),
                                rateX.stream().mapToDouble(Double::doubleValue).toArray())));
        report.plot("rates.png", "decoded frame rate against the rate asked");
    }
}
