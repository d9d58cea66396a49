package org.glasscast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.glasscast.protocol.stats.JsonReader;

/** A process's --stats-json file, read while it runs (it is replaced atomically each second). */
final class StatsFile {
    private final Path file;
    private Object last;

    StatsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Reads the newest version; keeps the previous one if the file is not there yet. */
    StatsFile refresh() {
        try {
            if (Files.exists(file)) {
                last = JsonReader.parse(Files.readString(file));
            }
        } catch (IOException | RuntimeException e) {
            // being replaced or not yet written: keep what we had
        }
        return this;
    }

    /** The number at a dotted path, or NaN when absent. */
    double number(String path) {
        if (last == null) {
            return Double.NaN;
        }
        try {
            Object v = JsonReader.at(last, path);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (NoSuchElementException e) {
            return Double.NaN;
        }
    }
}
