package org.glasscast.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.glasscast.sender.source.Sources;
import org.glasscast.sender.source.ffmpeg.Devices;
import picocli.CommandLine.Command;

/** {@code glasscast devices}: what --source and --audio accept on this machine, spelled as they take it. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the screens, cameras and audio inputs found here, with the exact spelling to pass.")
public final class DevicesCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = "--verbose", description = "FFmpeg's own log on standard error")
    boolean verbose;

    @Override
    public Integer call() {
        FfmpegLog.errorsOnly();
        List<Devices.Device> all = new ArrayList<>(Sources.screens());
        all.addAll(Devices.list());
        String noServer = "no PulseAudio or PipeWire server answered";
        String noSound = noServer + (Devices.alsaHasCards() ? "" : ", and this machine has no ALSA sound card");
        print("screens (--source)", all, "screen", Sources::whyNoScreens);
        print("cameras (--source)", all, "camera", () -> "no V4L2 device (/dev/video*)");
        print("audio inputs (--audio)", all, "audio-in", () -> noSound);
        print("what this machine plays (--audio)", all, "audio-monitor",
                () -> "a sink's monitor needs a PulseAudio or PipeWire server; " + noServer);
        System.out.println("also: --source test | file:PATH | any FFmpeg URL (rtsp://, srt://, udp://, http://)");
        System.out.println("      --audio test | none | source (a file's or URL's own sound)");
        return 0;
    }

    /** A title and its devices, or why there are none. */
    private static void print(String title, List<Devices.Device> all, String kind, Supplier<String> whyNone) {
        System.out.println(title + ":");
        List<Devices.Device> some = all.stream().filter(d -> d.kind().equals(kind)).toList();
        if (some.isEmpty()) {
            System.out.println("  (none: " + whyNone.get() + ")");
        }
        int width = some.stream().mapToInt(d -> d.spelling().length()).max().orElse(0);
        for (Devices.Device d : some) {
            System.out.printf("  %-" + width + "s  %s%n", d.spelling(), d.description());
        }
    }
}
