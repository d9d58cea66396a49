package org.glasscast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glasscast.sender.source.screen.ScreenCaptureSpeed;
import org.glasscast.sender.source.screen.Xvfb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code glasscast bench capture}: frames per second and CPU per frame of each way to grab a
 * screen, on a private Xvfb of the asked size. Each method runs in its own JVM
 * ({@link ScreenCaptureSpeed}); the X server's CPU is counted too (MIT-SHM and x11grab make it do
 * the copying).
 */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Screen capture speed of MIT-SHM (JNA), FFmpeg's x11grab and java.awt.Robot on a private Xvfb:"
                + " frames/s, CPU ms per frame of the grabbing process and of the X server.")
public final class CaptureCommand implements Callable<Integer> {
    private static final Pattern LINE = Pattern.compile(
            "^(.+?)\\s+(\\d+)x(\\d+)\\s+([0-9.]+) fps\\s+([0-9.]+) cpu-ms/frame \\((\\d+) frames\\)");

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1920x1080", description = "default ${DEFAULT-VALUE}")
    String size;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec);
        int[] wh = BenchOptions.size(spec, size);
        double seconds = options.seconds(5, 1);
        Report report = Report.create(options.out, "capture", "./glasscast bench capture --size " + wh[0] + "x" + wh[1]
                + " --seconds " + Report.format(seconds) + " --runs " + options.runs());
        System.out.println("bench capture: " + wh[0] + "x" + wh[1] + ", " + options.runs() + " run(s) of "
                + Report.format(seconds) + " s per method → " + report.dir());
        run(report, wh[0], wh[1], seconds, options.runs());
        report.write();
        System.out.println("bench capture: " + report.dir().resolve("report.md"));
        return 0;
    }

    static void run(Report report, int width, int height, double seconds, int runs) throws Exception {
        Map<String, Map<String, List<Double>>> byMethod = new LinkedHashMap<>();
        try (Xvfb x = Xvfb.start(width, height)) {
            Child server = Child.adopt("Xvfb", x.process(), report.dir().resolve("xvfb.log"));
            for (int run = 1; run <= runs; run++) {
                Path dir = report.dir().resolve("run-" + run);
                Files.createDirectories(dir);
                for (String method : ScreenCaptureSpeed.METHODS) {
                    double x0 = server.cpuSeconds();
                    try (Child c = Child.start(method, Glasscast.main(ScreenCaptureSpeed.class.getName(),
                            Double.toString(seconds), method), dir, Map.of("DISPLAY", x.display()))) {
                        c.process().waitFor();
                        double x1 = server.cpuSeconds();
                        Matcher m = null;
                        for (String line : c.output().split("\n")) {
                            Matcher candidate = LINE.matcher(line.trim());
                            if (candidate.find()) {
                                m = candidate;
                            }
                        }
                        Map<String, List<Double>> figures = byMethod.computeIfAbsent(method, k -> new LinkedHashMap<>());
                        if (m == null) {
                            System.out.println("  " + method + ": not measured (" + c.tail().replace('\n', ' ') + ")");
                            continue;
                        }
                        double frames = Double.parseDouble(m.group(6));
                        figures.computeIfAbsent("fps", k -> new ArrayList<>()).add(Double.parseDouble(m.group(4)));
                        figures.computeIfAbsent("cpu_ms_per_frame", k -> new ArrayList<>())
                                .add(Double.parseDouble(m.group(5)));
                        figures.computeIfAbsent("x_server_cpu_ms_per_frame", k -> new ArrayList<>())
                                .add((x1 - x0) * 1000 / frames);
                        System.out.printf(java.util.Locale.ROOT, "  %-14s %7.1f fps %6.2f cpu-ms/frame (+ X server %.2f)%n",
                                method, Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                                (x1 - x0) * 1000 / frames);
                    }
                }
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Double>>> e : byMethod.entrySet()) {
            Map<String, Object> method = new LinkedHashMap<>();
            for (Map.Entry<String, List<Double>> f : e.getValue().entrySet()) {
                method.put(f.getKey(), Figures.summary(f.getValue()));
            }
            results.put(e.getKey(), method);
            if (!e.getValue().isEmpty()) {
                double[] fps = e.getValue().get("fps").stream().mapToDouble(Double::doubleValue).toArray();
                rows.add(List.of(e.getKey(), Figures.median(fps), java.util.Arrays.stream(fps).min().getAsDouble(),
                        java.util.Arrays.stream(fps).max().getAsDouble(),
                        Figures.median(e.getValue().get("cpu_ms_per_frame").stream().mapToDouble(Double::doubleValue).toArray()),
                        Figures.median(e.getValue().get("x_server_cpu_ms_per_frame").stream().mapToDouble(Double::doubleValue).toArray())));
            }
        }
        report.put("settings", Map.of("size", width + "x" + height, "seconds_per_method", seconds, "runs", runs));
        report.put("methods", results);
        report.text("Full-screen grabs of a " + width + "x" + height + " Xvfb, each method alone in its own JVM for "
                + Report.format(seconds) + " s, " + runs + " run(s). \"+ I420\" includes the conversion the encoder needs"
                + " (swscale). CPU is the grabbing process's; the X server's is separate.");
        report.text("");
        report.table(List.of("method", "fps (median)", "min", "max", "CPU ms/frame", "X server CPU ms/frame"), rows);
        report.text("For comparison, a Python screen recorder reached 29–42 fps at 1920x1080 on a machine"
                + " like this one.");
        plot(report, width, height, rows);
    }

    /** fps.png and cpu.png: the table's medians as bars, one group a method. */
    private static void plot(Report report, int width, int height, List<List<Object>> rows) throws java.io.IOException {
        List<String> methods = new ArrayList<>();
        double[] fps = new double[rows.size()];
        double[] grabber = new double[rows.size()];
        double[] server = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            methods.add((String) rows.get(i).get(0));
            fps[i] = (Double) rows.get(i).get(1);
            grabber[i] = (Double) rows.get(i).get(4);
            server[i] = (Double) rows.get(i).get(5);
        }
        String size = width + "x" + height;
        Plots.bars(report.dir().resolve("fps.png"), "Screen capture " + size + ": frames per second (median)", "fps",
                methods, Map.of("fps", fps));
        Map<String, double[]> cpu = new LinkedHashMap<>();
        cpu.put("grabbing process", grabber);
        cpu.put("X server", server);
        Plots.bars(report.dir().resolve("cpu.png"), "Screen capture " + size + ": CPU per frame (median)",
                "CPU ms per frame", methods, cpu);
        report.plot("fps.png", "frames per second of each method");
        report.plot("cpu.png", "CPU per frame of each method: the grabbing process and the X server");
    }
}
