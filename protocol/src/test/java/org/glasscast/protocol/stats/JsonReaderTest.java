package org.glasscast.protocol.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void readsBackWhatStatsJsonWrites() {
        Map<String, Object> frames = new LinkedHashMap<>();
        frames.put("decoded", 150L);
        frames.put("fps", 29.97);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("frames", frames);
        root.put("path", "clips/a \"b\".mkv");
        root.put("none", null);
        root.put("ok", true);
        Object read = JsonReader.parse(StatsJson.toJson(root));
        assertThat(JsonReader.at(read, "frames.decoded")).isEqualTo(150.0);
        assertThat(JsonReader.at(read, "frames.fps")).isEqualTo(29.97);
        assertThat(JsonReader.at(read, "path")).isEqualTo("clips/a \"b\".mkv");
        assertThat(JsonReader.at(read, "none")).isNull();
        assertThat(JsonReader.at(read, "ok")).isEqualTo(true);
    }

    @Test
    void listsAreWrittenAsArrays() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runs", List.of(1.5, 2.5));
        root.put("seconds", List.of(Map.of("offset_ms", -2.0)));
        Object read = JsonReader.parse(StatsJson.toJson(root));
        assertThat(JsonReader.at(read, "runs")).isEqualTo(List.of(1.5, 2.5));
        assertThat(JsonReader.at(read, "seconds")).isEqualTo(List.of(Map.of("offset_ms", -2.0)));
    }

    @Test
    void arraysAndEscapes() {
        Object read = JsonReader.parse("{\"a\": [1, -2.5e1, \"\\u00e9\\n\"], \"b\": {}}");
        assertThat(JsonReader.at(read, "a")).isEqualTo(List.of(1.0, -25.0, "é\n"));
        assertThat(JsonReader.at(read, "b")).isEqualTo(Map.of());
    }

    @Test
    void missingKeyIsNamed() {
        Object read = JsonReader.parse("{\"a\": {\"b\": 1}}");
        assertThatThrownBy(() -> JsonReader.at(read, "a.c")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("a.c");
    }

    @Test
    void badTextIsRefused() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.parse("[1] x")).isInstanceOf(IllegalArgumentException.class);
    }
}
