package org.glasscast.viewer.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names of a recording's files, from {@code --record PATH} (and {@code --segment}):
 * <ul>
 * <li>a file {@code show.mkv}: that file; later files of the run (a new picture size, a new
 *     segment, R pressed again) are {@code show-001.mkv}, {@code show-002.mkv}... With
 *     {@code --segment} the first is {@code show-000.mkv} too.</li>
 * <li>a pattern {@code clip-%03d.mkv} (as ffmpeg's segment muxer takes): clip-000.mkv, clip-001.mkv...</li>
 * <li>a directory (an existing one, a path ending in /, or a name without extension): it is
 *     created, and files are {@code glasscast-YYYYMMDD-HHMMSS.mkv} (local start time of the
 *     recording), numbered {@code -000}, {@code -001}... when segmented or when there is more than one.</li>
 * </ul>
 * Names are never reused within a run. Files the user named are written over (as {@code ffmpeg -y}
 * does); in a directory, a name that exists is skipped. One thread.
 */
public final class RecordingPaths {
    private static final Pattern COUNTER = Pattern.compile("%0?\\d*d");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path directory;
    private final Path file;
    private final boolean pattern;
    private final boolean segmented;
    private final RecordFormat format;
    private final Clock clock;
    private String stamp;
    private int sequence;

    private RecordingPaths(Path directory, Path file, boolean pattern, boolean segmented, RecordFormat format,
                           Clock clock) {
        this.directory = directory;
        this.file = file;
        this.pattern = pattern;
        this.segmented = segmented;
        this.format = format;
        this.clock = clock;
    }

    /**
     * Checks and interprets {@code --record PATH}.
     *
     * @throws IllegalArgumentException with a one-line message for a usage error
     */
    public static RecordingPaths of(String path, boolean segmented, Clock clock) {
        Path p = Path.of(path);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        boolean dir = path.endsWith("/") || path.endsWith(java.io.File.separator) || Files.isDirectory(p)
                || (!name.contains(".") && !name.contains("%"));
        if (dir) {
            return new RecordingPaths(p, null, false, segmented, RecordFormat.MATROSKA, clock);
        }
        RecordFormat format = RecordFormat.of(p);
        if (format == null) {
            throw new IllegalArgumentException("--record '" + path + "': the file name must end in .mkv or .mp4"
                    + " (or name a directory)");
        }
        long counters = COUNTER.matcher(name).results().count();
        boolean isPattern = name.contains("%");
        if (isPattern && (counters != 1 || name.replaceFirst(COUNTER.pattern(), "").contains("%"))) {
            throw new IllegalArgumentException("--record '" + path + "': a file name pattern takes one %d,"
                    + " like clip-%03d.mkv");
        }
        return new RecordingPaths(null, p, isPattern, segmented, format, clock);
    }

    /** What the R key records to when there is no --record: glasscast-TIME.mkv in the current directory. */
    public static RecordingPaths currentDirectory(Clock clock) {
        return new RecordingPaths(Path.of(""), null, false, false, RecordFormat.MATROSKA, clock);
    }

    public RecordFormat format() {
        return format;
    }

    /** A new recording begins (R pressed, or the viewer starts with --record): directory names take its time. */
    void newRecording() {
        if (directory != null) {
            stamp = LocalDateTime.now(clock).format(STAMP);
            sequence = 0;
        }
    }

    /** The next file's name; creates the directory of directory mode (a file's own directory must exist, as for ffmpeg). */
    Path next() throws java.io.IOException {
        if (directory != null) {
            if (!directory.toString().isEmpty()) {
                Files.createDirectories(directory);
            }
            while (true) {
                int n = sequence++;
                String base = "glasscast-" + stamp;
                Path candidate = directory.resolve(n == 0 && !segmented ? base + format.extension()
                        : base + String.format(Locale.ROOT, "-%03d", n) + format.extension());
                if (!Files.exists(candidate)) {
                    return candidate;
                }
            }
        }
        String name = file.getFileName().toString();
        int n = sequence++;
        if (pattern) {
            return file.resolveSibling(String.format(Locale.ROOT, name, n));
        }
        if (n == 0 && !segmented) {
            return file;
        }
        String base = name.substring(0, name.length() - format.extension().length());
        return file.resolveSibling(base + String.format(Locale.ROOT, "-%03d", n) + format.extension());
    }
}
