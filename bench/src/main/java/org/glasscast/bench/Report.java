package org.glasscast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glasscast.protocol.stats.StatsJson;

/**
 * What one scenario found: {@code results.json} (machine-readable), {@code report.md} (for
 * people, with the command that produced it and the plots) in {@code bench-results/SCENARIO-TIME/}.
 */
final class Report {
    private final String scenario;
    private final Path dir;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> markdown = new ArrayList<>();

    private Report(String scenario, Path dir) {
        this.scenario = scenario;
        this.dir = dir;
    }

    /** A new folder {@code root/SCENARIO-yyyyMMdd-HHmmss} (suffixed if taken). */
    static Report create(Path root, String scenario, String command) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = root.resolve(scenario + "-" + stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = root.resolve(scenario + "-" + stamp + "-" + i);
        }
        Files.createDirectories(dir);
        Report r = new Report(scenario, dir);
        r.results.put("scenario", scenario);
        r.results.put("command", command);
        r.results.put("time", LocalDateTime.now().toString());
        r.results.put("machine", machine());
        r.markdown.add("# bench " + scenario);
        r.markdown.add("");
        r.markdown.add("    " + command);
        r.markdown.add("");
        r.markdown.add("Machine: " + machine() + ".");
        r.markdown.add("");
        return r;
    }

    Path dir() {
        return dir;
    }

    Map<String, Object> results() {
        return results;
    }

    void put(String key, Object value) {
        results.put(key, value);
    }

    void text(String line) {
        markdown.add(line);
    }

    /** A Markdown table; numbers are rounded for reading (results.json keeps them whole). */
    void table(List<String> header, List<List<Object>> rows) {
        markdown.add("| " + String.join(" | ", header) + " |");
        markdown.add("|" + " --- |".repeat(header.size()));
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object o : row) {
                cells.add(o instanceof Double d ? format(d) : String.valueOf(o));
            }
            markdown.add("| " + String.join(" | ", cells) + " |");
        }
        markdown.add("");
    }

    void plot(String png, String caption) {
        markdown.add("![" + caption + "](" + png + ")");
        markdown.add("");
    }

    void write() throws IOException {
        StatsJson.writeAtomically(dir.resolve("results.json"), results);
        Files.writeString(dir.resolve("report.md"), String.join("\n", markdown) + "\n", StandardCharsets.UTF_8);
    }

    static String format(double d) {
        if (Double.isNaN(d)) {
            return "–";
        }
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d)
                : Math.abs(d) >= 10 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.2f", d);
    }

    /** "2 cores, Linux 6.x, Java 17.0.x". */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    String scenario() {
        return scenario;
    }
}
