package org.glasscast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glasscast.protocol.stats.StatsJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsJsonTest {
    @Test
    void nestedMapsNumbersAndEscapes(@TempDir Path dir) throws Exception {
        Map<String, Object> frames = new LinkedHashMap<>();
        frames.put("received", 300L);
        frames.put("fps", 29.9712);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("frames", frames);
        root.put("path", "a\"b\\c\n");
        root.put("none", null);
        root.put("nan", Double.NaN);
        Path f = dir.resolve("s.json");
        StatsJson.writeAtomically(f, root);
        assertThat(Files.readString(f)).isEqualTo("""
                {
                  "frames": {
                    "received": 300,
                    "fps": 29.971
                  },
                  "path": "a\\"b\\\\c\\n",
                  "none": null,
                  "nan": null
                }
                """);
        assertThat(dir.toFile().list()).containsExactly("s.json");
    }
}
