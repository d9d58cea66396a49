package org.glasscast.sender.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An FFmpeg input as the command line names it: {@code -f FORMAT [-OPTION VALUE]... -i URL}.
 * Options keep their insertion order.
 *
 * @param format  the input format (demuxer/device: {@code x11grab}, {@code gdigrab}, {@code lavfi})
 * @param url     what follows {@code -i}
 * @param options demuxer options, set before opening (an AVDictionary)
 */
public record FfmpegInputSpec(String format, String url, Map<String, String> options) {
    public FfmpegInputSpec {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The ffmpeg command-line arguments for this input, e.g. for a baseline run of the ffmpeg CLI. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("-f", format));
        options.forEach((k, v) -> {
            args.add("-" + k);
            args.add(v);
        });
        args.add("-i");
        args.add(url);
        return args;
    }
}
