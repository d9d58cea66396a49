package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glasscast.protocol.stats.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glasscast bench all --quick} as a smoke check: every scenario runs from the packaged CLI
 * and writes its folder (results.json, report.md, its plots). Timings are not judged here; that
 * every scenario measured something is (frames decoded, capture rates, benchmark scores, the window
 * row as a user runs it with its sound heard from outside, the outside meter's calibration).
 */
class BenchSmokeIT {
    @TempDir
    Path dir;

    @Test
    void everyScenarioRunsAndWritesItsReport() throws Exception {
        Path out = dir.resolve("results");
        try (Proc bench = Proc.glasscast(dir, "bench", "bench", "all", "--quick", "--out", out.toString())) {
            assertThat(bench.waitFor(300)).as("exit code; stderr:\n" + bench.err()).isZero();
        }
        for (String scenario : List.of("loopback", "loopback-window", "meter", "baseline", "raw", "capture", "avsync", "startup",
                "micro")) {
            Path folder = only(out, scenario);
            assertThat(folder.resolve("report.md")).isNotEmptyFile();
            Object results = JsonReader.parse(Files.readString(folder.resolve("results.json")));
            assertThat(JsonReader.at(results, "scenario")).isEqualTo(scenario);
        }
        Object loopback = JsonReader.parse(Files.readString(only(out, "loopback").resolve("results.json")));
        assertThat((Double) JsonReader.at(loopback, "figures.frames_decoded.median")).as("frames measured").isPositive();
        assertThat(only(out, "loopback").resolve("latency-cdf.png")).isNotEmptyFile();
        assertThat(only(out, "loopback").resolve("frame-interval.png")).isNotEmptyFile();
        Object window = JsonReader.parse(Files.readString(only(out, "loopback-window").resolve("results.json")));
        assertThat((Double) JsonReader.at(window, "figures.frames_displayed.median")).as("frames shown in the window")
                .isPositive();
        // the window row is the default one: sound on through PulseAudio, vsync on, no easing flags
        assertThat((List<?>) JsonReader.at(window, "variants.default.viewer_flags")).as("the default row's flags").isEmpty();
        assertThat((Double) JsonReader.at(window, "figures.indices_displayed.median")).as("distinct indices shown")
                .isPositive();
        assertThat((Double) JsonReader.at(window, "figures.frames_sent.median")).as("frames sent").isPositive();
        assertThat(JsonReader.at(window, "figures.viewer_frames_dropped.median")).as("frames passed over")
                .isInstanceOf(Double.class);
        // measured outside the viewer: the beeps the null sink played, heard after they were made
        assertThat((Double) JsonReader.at(window, "figures.outside_beeps.median")).as("beeps heard in the sink")
                .isPositive();
        assertThat((Double) JsonReader.at(window, "figures.outside_heard_latency_p50_ms.median"))
                .as("capture → heard, ms").isPositive();
        // the A/V offset needs a flash frame on screen in the same second (a viewer that passes frames over may
        // show none in a quick run): present, and a number whenever a beep/flash pair was found
        assertThat(figureKeys(window)).contains("outside_av_offset_p50_ms", "outside_picture_latency_p50_ms",
                "outside_pairs", "latency_p99_ms", "fps_displayed");
        if ((Double) JsonReader.at(window, "figures.outside_pairs.median") > 0) {
            assertThat(JsonReader.at(window, "figures.outside_av_offset_p50_ms.median")).as("A/V offset, ms")
                    .isInstanceOf(Double.class);
        }
        assertThat(only(out, "loopback-window").resolve("outside.png")).isNotEmptyFile();
        // the meter read against flashes and beeps made at known times
        Object meter = JsonReader.parse(Files.readString(only(out, "meter").resolve("results.json")));
        assertThat((Double) JsonReader.at(meter, "figures.seconds_compared.median")).as("known marks the meter found")
                .isPositive();
        for (String error : List.of("video_error_p50_ms", "audio_error_p50_ms", "av_error_p50_ms", "grab_gap_p50_ms")) {
            assertThat(JsonReader.at(meter, "figures." + error + ".median")).as(error).isInstanceOf(Double.class);
        }
        Object baseline = JsonReader.parse(Files.readString(only(out, "baseline").resolve("results.json")));
        assertThat((Double) JsonReader.at(baseline, "ffmpeg.frames_decoded.median")).as("ffmpeg frames measured")
                .isPositive();
        assertThat((Double) JsonReader.at(baseline, "ratio_ours_to_ffmpeg.total_cpu_ms_per_frame")).isPositive();
        Object raw = JsonReader.parse(Files.readString(only(out, "raw").resolve("results.json")));
        assertThat((Double) JsonReader.at(raw, "udp_ceiling.datagrams_per_second")).isPositive();
        assertThat((Double) JsonReader.at(raw, "by_rate.1000.frames_decoded.median")).isPositive();
        Object capture = JsonReader.parse(Files.readString(only(out, "capture").resolve("results.json")));
        for (String method : List.of("mit-shm", "mit-shm-i420", "x11grab-i420", "robot")) {
            assertThat((Double) JsonReader.at(capture, "methods." + method + ".fps.median")).as(method).isPositive();
        }
        assertThat(only(out, "capture").resolve("fps.png")).isNotEmptyFile();
        assertThat(only(out, "capture").resolve("cpu.png")).isNotEmptyFile();
        Object avsync = JsonReader.parse(Files.readString(only(out, "avsync").resolve("results.json")));
        assertThat(((java.util.List<?>) JsonReader.at(avsync, "last_run_per_second"))).as("seconds with flash and beep")
                .isNotEmpty();
        assertThat(only(out, "avsync").resolve("av-offset.png")).isNotEmptyFile();
        Object startup = JsonReader.parse(Files.readString(only(out, "startup").resolve("results.json")));
        for (String figure : List.of("viewer_headless.first_picture_ms", "viewer_window.on_screen_ms", "ffmpeg.exit_ms",
                "sender_push.first_packet_ms", "sender_listen.ready_ms")) {
            assertThat((Double) JsonReader.at(startup, "figures." + figure + ".median")).as(figure).isPositive();
        }
        Object micro = JsonReader.parse(Files.readString(only(out, "micro").resolve("results.json")));
        assertThat((Double) JsonReader.at(micro, "benchmarks.h264RoundTrip.score")).isPositive();
    }

    @SuppressWarnings("unchecked")
    private static java.util.Set<String> figureKeys(Object results) {
        return ((java.util.Map<String, Object>) JsonReader.at(results, "figures")).keySet();
    }

    private static Path only(Path out, String scenario) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            // SCENARIO-yyyyMMdd-HHmmss, as the README says ("loopback" is not "loopback-window")
            List<Path> found = s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(scenario)
                    + "-\\d{8}-\\d{6}(-\\d+)?"))
                    .collect(Collectors.toList());
            assertThat(found).as(scenario + " folders").hasSize(1);
            return found.get(0);
        }
    }
}
