package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What kind of input a format/URL pair is, and the low-latency options we open it with. Pure functions. */
final class InputOptions {
    /** A live read that has seen nothing for this long fails (dead URL, unplugged camera). */
    static final long IO_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Opening may take this long (RTSP handshake plus probing). */
    static final long OPEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static boolean registered;

    private InputOptions() {
    }

    /** avdevice_register_all(), once per process: makes v4l2, pulse, alsa, x11grab known. */
    static synchronized void registerDevices() {
        if (!registered) {
            avdevice_register_all();
            registered = true;
        }
    }

    static String kindOf(String format, String url) {
        if (format == null) {
            return url.contains("://") ? "url" : "file";
        }
        return switch (format) {
            case "v4l2", "dshow", "avfoundation" -> "camera";
            case "x11grab", "gdigrab" -> "screen";
            default -> format;
        };
    }

    /** Our low-latency defaults under the caller's options (the caller wins). */
    static Map<String, String> defaults(String format, String url, boolean live, Map<String, String> options) {
        Map<String, String> all = new LinkedHashMap<>();
        boolean network = format == null && url.contains("://") && !url.startsWith("file:");
        if (live) {
            all.put("fflags", "nobuffer");
            all.put("flags", "low_delay");
            // devices know their codec; network streams need some probing to see SPS/PPS
            all.put("probesize", network ? "500000" : "32");
            all.put("analyzeduration", network ? "500000" : "0");
        }
        if (network) {
            all.put("rw_timeout", Long.toString(TimeUnit.NANOSECONDS.toMicros(IO_TIMEOUT_NANOS)));
            if (url.startsWith("rtsp://") || url.startsWith("rtsps://")) {
                all.put("rtsp_transport", "tcp");
                all.put("timeout", Long.toString(TimeUnit.NANOSECONDS.toMicros(IO_TIMEOUT_NANOS)));
            }
        }
        all.putAll(options);
        return all;
    }

}
