package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glasscast.bench.Glasscast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive (AppCDS): {@code ./glasscast} builds it on a first run and
 * every later run (and the bench's and tests' processes, started with the same options) maps it;
 * an archive Java cannot use, or one that cannot be built, never breaks or disturbs a run.
 * Start-up times are the bench's business ({@code bench startup}), not asserted here.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "glasscast").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void launcherAndBenchStartJavaWithTheSameOptions() throws Exception {
        String script = Files.readString(LAUNCHER);
        Matcher m = Pattern.compile("(?m)^jvm_options=\\((.*)\\)$").matcher(script);
        assertThat(m.find()).as("jvm_options=(...) in the launcher").isTrue();
        assertThat(List.of(m.group(1).trim().split("\\s+"))).isEqualTo(Glasscast.JVM_OPTIONS);
        List<String> cds = Glasscast.cdsOptions(Path.of("ARCHIVE"));
        assertThat(script).contains("-XX:SharedArchiveFile=\"$archive\" " + cds.get(1) + " " + cds.get(2)
                + " \"-D" + Glasscast.CDS_ARCHIVE_PROPERTY + "=$archive\"");
    }

    @Test
    void theArchiveTheLauncherBuiltIsMappedByTheCommandLineTestsAndBenchUse() throws Exception {
        Path archive = Proc.classDataArchive();
        assertThat(archive).as("./glasscast cds built app/target/glasscast.jsa").isNotNull();
        Path classes = dir.resolve("classes.log");
        List<String> cmd = new ArrayList<>(Proc.glasscastCommand("--version"));
        // -Xshare:on: fail rather than run without the archive
        cmd.addAll(1, List.of("-Xshare:on", "-Xlog:class+load=info:file=" + classes));
        try (Proc p = Proc.start(dir, "version", cmd)) {
            assertThat(p.waitFor(60)).as(p.err()).isZero();
            assertThat(p.out()).isEqualTo("glasscast 0.1.0\n");
        }
        assertThat(Files.readString(classes)).contains("org.glasscast.app.Main source: shared objects file (top)");
    }

    @Test
    void anArchiveJavaCannotUseIsLeftAsideSilently() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.jsa"), "not a class-data archive");
        Path target = Path.of("target").toAbsolutePath();
        List<String> cmd = Glasscast.command(target.resolve("glasscast-app.jar") + ":" + target.resolve("lib") + "/*",
                bogus, List.of(), "--version");
        try (Proc p = Proc.start(dir, "bogus", cmd)) {
            assertThat(p.waitFor(60)).as(p.err()).isZero();
            assertThat(p.out()).as("standard output carries only the answer").isEqualTo("glasscast 0.1.0\n");
            assertThat(p.err()).isEmpty();
        }
    }

    @Test
    void aFirstRunBuildsTheArchiveThenRunsAndLaterRunsUseIt() throws Exception {
        Path archive = dir.resolve("first-run.jsa");
        Map<String, String> env = Map.of("GLASSCAST_CDS_ARCHIVE", archive.toString(), "GLASSCAST_NO_BUILD", "1");
        try (Proc first = Proc.start(dir, "first", List.of(LAUNCHER.toString(), "--version"), env)) {
            assertThat(first.waitFor(300)).as(first.err()).isZero();
            assertThat(first.out()).isEqualTo("glasscast 0.1.0\n");
            assertThat(first.err()).contains("preparing a class-data archive");
        }
        assertThat(archive).isNotEmptyFile();
        try (Proc second = Proc.start(dir, "second", List.of(LAUNCHER.toString(), "--version"), env)) {
            assertThat(second.waitFor(60)).as(second.err()).isZero();
            assertThat(second.out()).isEqualTo("glasscast 0.1.0\n");
            assertThat(second.err()).as("nothing to prepare").isEmpty();
        }
    }

    @Test
    void anArchiveThatCannotBeBuiltNeverStopsARun() throws Exception {
        Map<String, String> env = Map.of("GLASSCAST_CDS_ARCHIVE", "/proc/no-such-dir/glasscast.jsa",
                "GLASSCAST_NO_BUILD", "1");
        try (Proc p = Proc.start(dir, "nowhere", List.of(LAUNCHER.toString(), "--version"), env)) {
            assertThat(p.waitFor(120)).as(p.err()).isZero();
            assertThat(p.out()).isEqualTo("glasscast 0.1.0\n");
        }
        Map<String, String> off = Map.of("GLASSCAST_CDS", "off", "GLASSCAST_NO_BUILD", "1");
        try (Proc p = Proc.start(dir, "off", List.of(LAUNCHER.toString(), "--version"), off)) {
            assertThat(p.waitFor(60)).as(p.err()).isZero();
            assertThat(p.out()).isEqualTo("glasscast 0.1.0\n");
            assertThat(p.err()).isEmpty();
        }
    }
}
