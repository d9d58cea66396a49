package org.glasscast.app;

import org.glasscast.protocol.stats.JsonReader;

/** The tests' name for {@link JsonReader}. */
final class MiniJson {
    private MiniJson() {
    }

    static Object parse(String text) {
        return JsonReader.parse(text);
    }

    static Object at(Object root, String path) {
        return JsonReader.at(root, path);
    }
}
