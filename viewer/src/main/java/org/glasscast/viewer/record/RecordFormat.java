package org.glasscast.viewer.record;

import java.nio.file.Path;
import java.util.Locale;

/** The containers a recording can be: Matroska (default) and fragmented MP4, chosen by extension. */
public enum RecordFormat {
    MATROSKA("matroska", ".mkv"),
    MP4("mp4", ".mp4");

    private final String muxer;
    private final String extension;

    RecordFormat(String muxer, String extension) {
        this.muxer = muxer;
        this.extension = extension;
    }

    String muxer() {
        return muxer;
    }

    public String extension() {
        return extension;
    }

    /** The format a file name asks for, or null when it ends in neither .mkv nor .mp4. */
    public static RecordFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (RecordFormat f : values()) {
            if (name.endsWith(f.extension)) {
                return f;
            }
        }
        return null;
    }
}
