package org.glasscast.sender.source.ffmpeg;

import static org.bytedeco.ffmpeg.global.avdevice.avdevice_free_list_devices;
import static org.bytedeco.ffmpeg.global.avdevice.avdevice_list_input_sources;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.ffmpeg.avdevice.AVDeviceInfo;
import org.bytedeco.ffmpeg.avdevice.AVDeviceInfoList;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.glasscast.media.FfmpegNatives;

/**
 * What {@code glasscast devices} lists on Linux: cameras (V4L2), PulseAudio sources and
 * monitors, ALSA's default. Screens are listed by the screen capture code; the caller adds them.
 */
public final class Devices {
    private Devices() {
    }

    /**
     * One device. {@code kind} is "screen", "camera", "audio-in" or "audio-monitor";
     * {@code spelling} is exactly what to pass to {@code --source} or {@code --audio}.
     */
    public record Device(String kind, String spelling, String description) {
    }

    /** Cameras and sound inputs of this machine, on the default PulseAudio server. */
    public static List<Device> list() {
        return list(Map.of());
    }

    /** As {@link #list()}, with options for the pulse input (e.g. "server" = "unix:/run/user/0/pulse/native"). */
    public static List<Device> list(Map<String, String> pulseOptions) {
        FfmpegNatives.await();
        List<Device> devices = new ArrayList<>(cameras());
        devices.addAll(pulseSources(pulseOptions));
        if (alsaHasCards()) {
            devices.add(new Device("audio-in", "alsa:default", "ALSA default capture device"));
        }
        return devices;
    }

    /** V4L2 capture devices as FFmpeg sees them, else every /dev/video* file. */
    static List<Device> cameras() {
        List<Device> cameras = new ArrayList<>();
        for (String[] d : inputSources("v4l2", Map.of())) {
            cameras.add(new Device("camera", "camera:" + d[0], d[1]));
        }
        if (cameras.isEmpty()) {
            TreeSet<String> names = new TreeSet<>();
            try (DirectoryStream<Path> dev = Files.newDirectoryStream(Path.of("/dev"), "video*")) {
                dev.forEach(p -> names.add(p.toString()));
            } catch (IOException ignored) {
                // no /dev: no cameras
            }
            names.forEach(n -> cameras.add(new Device("camera", "camera:" + n, "V4L2 device " + n)));
        }
        return cameras;
    }

    /** PulseAudio sources: monitors (names ending in ".monitor") capture what a sink plays. */
    static List<Device> pulseSources(Map<String, String> options) {
        List<String[]> sources = inputSources("pulse", options);
        List<Device> devices = new ArrayList<>();
        if (sources.isEmpty()) {
            return devices;
        }
        devices.add(new Device("audio-in", "default", "PulseAudio default source"));
        devices.add(new Device("audio-monitor", "monitor", "what this machine plays (default sink's monitor)"));
        for (String[] s : sources) {
            devices.add(new Device(s[0].endsWith(".monitor") ? "audio-monitor" : "audio-in", s[0], s[1]));
        }
        return devices;
    }

    /** Whether the kernel knows a sound card (ALSA). */
    public static boolean alsaHasCards() {
        try {
            String cards = Files.readString(Path.of("/proc/asound/cards"));
            return !cards.isBlank() && !cards.contains("no soundcards");
        } catch (IOException e) {
            return false;
        }
    }

    /** {name, description} of each source FFmpeg's input device lists; empty when it cannot list. */
    private static List<String[]> inputSources(String formatName, Map<String, String> options) {
        List<String[]> sources = new ArrayList<>();
        InputOptions.registerDevices();
        AVInputFormat format = av_find_input_format(formatName);
        if (format == null || format.isNull()) {
            return sources;
        }
        AVDictionary dict = new AVDictionary(null);
        PointerPointer<AVDeviceInfoList> holder = new PointerPointer<>(1);
        holder.zero(); // in-out: must start as NULL
        try {
            options.forEach((k, v) -> av_dict_set(dict, k, v, 0));
            if (avdevice_list_input_sources(format, (BytePointer) null, dict, holder) < 0
                    || holder.get(0) == null || holder.get(0).isNull()) {
                return sources;
            }
            AVDeviceInfoList list = new AVDeviceInfoList(holder.get(0));
            for (int i = 0; i < list.nb_devices(); i++) {
                AVDeviceInfo info = list.devices(i);
                String name = info.device_name() == null ? "" : info.device_name().getString();
                String description = info.device_description() == null ? name : info.device_description().getString();
                if (!name.isEmpty()) {
                    sources.add(new String[] {name, description});
                }
            }
            avdevice_free_list_devices(holder);
            return sources;
        } finally {
            av_dict_free(dict);
            holder.close();
        }
    }
}
