package org.glasscast.viewer.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file names --record PATH [--segment S] gives, as --help documents them. */
class RecordingPathsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T18:30:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aFileIsThatFileThenNumbered() throws Exception {
        RecordingPaths p = RecordingPaths.of(dir.resolve("show.mp4").toString(), false, CLOCK);
        p.newRecording();
        assertThat(p.format()).isEqualTo(RecordFormat.MP4);
        assertThat(p.next()).isEqualTo(dir.resolve("show.mp4"));
        assertThat(p.next()).isEqualTo(dir.resolve("show-001.mp4"));
        p.newRecording(); // R pressed again: names are not reused within a run
        assertThat(p.next()).isEqualTo(dir.resolve("show-002.mp4"));
    }

    @Test
    void segmentsOfAFileAreNumberedFromZero() throws Exception {
        RecordingPaths p = RecordingPaths.of(dir.resolve("show.mkv").toString(), true, CLOCK);
        p.newRecording();
        assertThat(p.next()).isEqualTo(dir.resolve("show-000.mkv"));
        assertThat(p.next()).isEqualTo(dir.resolve("show-001.mkv"));
    }

    @Test
    void aPatternTakesTheSegmentNumber() throws Exception {
        RecordingPaths p = RecordingPaths.of(dir.resolve("clip-%03d.mkv").toString(), true, CLOCK);
        p.newRecording();
        assertThat(p.format()).isEqualTo(RecordFormat.MATROSKA);
        assertThat(p.next()).isEqualTo(dir.resolve("clip-000.mkv"));
        assertThat(p.next()).isEqualTo(dir.resolve("clip-001.mkv"));
    }

    @Test
    void aDirectoryIsCreatedAndFilesNamedByTheRecordingsStartTime() throws Exception {
        Path clips = dir.resolve("clips");
        RecordingPaths p = RecordingPaths.of(clips + "/", true, CLOCK);
        p.newRecording();
        assertThat(p.next()).isEqualTo(clips.resolve("glasscast-20261121-183005-000.mkv"));
        assertThat(clips).isDirectory();
        Files.createFile(clips.resolve("glasscast-20261121-183005-001.mkv")); // taken: skipped
        assertThat(p.next()).isEqualTo(clips.resolve("glasscast-20261121-183005-002.mkv"));
        RecordingPaths single = RecordingPaths.of(dir.resolve("out").toString(), false, CLOCK);
        single.newRecording();
        assertThat(single.next()).isEqualTo(dir.resolve("out/glasscast-20261121-183005.mkv"));
        RecordingPaths here = RecordingPaths.currentDirectory(CLOCK);
        here.newRecording();
        assertThat(here.next()).isEqualTo(Path.of("glasscast-20261121-183005.mkv"));
    }

    @Test
    void otherNamesAreUsageErrors() {
        assertThatThrownBy(() -> RecordingPaths.of("x.avi", false, CLOCK))
                .hasMessage("--record 'x.avi': the file name must end in .mkv or .mp4 (or name a directory)");
        assertThatThrownBy(() -> RecordingPaths.of("x-%d-%d.mkv", true, CLOCK))
                .hasMessage("--record 'x-%d-%d.mkv': a file name pattern takes one %d, like clip-%03d.mkv");
        assertThatThrownBy(() -> RecordingPaths.of("x-%s.mkv", true, CLOCK))
                .hasMessageContaining("a file name pattern takes one %d");
    }
}
