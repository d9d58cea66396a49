package org.glasscast.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glasscast.bench.micro.PacketizeBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code glasscast bench micro}: JMH microbenchmarks of the per-frame hot paths. */
@Command(name = "micro", mixinStandardHelpOptions = true,
        description = "JMH microbenchmarks of the hot paths: H.264 and RFC 4175 packetize/depacketize, per frame.")
public final class MicroCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        Report report = Report.create(options.out, "micro", "./glasscast bench micro" + (options.quick ? " --quick" : ""));
        System.out.println("bench micro: JMH → " + report.dir());
        run(report, options.quick);
        report.write();
        System.out.println("bench micro: " + report.dir().resolve("report.md"));
        return 0;
    }

    static void run(Report report, boolean quick) throws Exception {
        Options opts = new OptionsBuilder()
                .include(PacketizeBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=disabled")
                .result(report.dir().resolve("jmh.json").toString())
                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replace(PacketizeBenchmark.class.getName() + ".", "");
            String size = r.getParams().getParam("size");
            String label = size == null ? name : name + " " + size;
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            rows.add(List.of(label, score, Double.isNaN(error) ? "–" : Report.format(error), r.getPrimaryResult().getScoreUnit()));
            json.put(label, Map.of("score", score, "error", error, "unit", r.getPrimaryResult().getScoreUnit()));
        }
        report.put("benchmarks", json);
        report.text("JMH (" + (quick ? "1 warm-up and 2 measured" : "3 warm-up and 5 measured")
                + " 1-second iterations, one fork), average time per frame; jmh.json has the raw results.");
        report.text("");
        report.table(List.of("benchmark", "time per frame", "± (99.9%)", "unit"), rows);
    }
}
