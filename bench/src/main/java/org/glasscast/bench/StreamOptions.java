package org.glasscast.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The picture a streaming scenario sends: {@code --size WxH --fps N}. */
public final class StreamOptions {
    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1280x720", description = "default ${DEFAULT-VALUE}")
    String size;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30", description = "default ${DEFAULT-VALUE}")
    int fps;

    /** Settings for an H.264 run of this size and rate. */
    Loopback.Settings settings(CommandSpec spec, BenchOptions options, boolean audio) {
        int[] wh = BenchOptions.size(spec, size);
        if (fps < 1 || fps > 240) {
            throw new ParameterException(spec.commandLine(), "--fps " + fps + " is outside 1..240");
        }
        return new Loopback.Settings(wh[0], wh[1], fps, options.seconds(30, 5), options.quick ? 2 : 3, "h264", 0,
                audio);
    }
}
