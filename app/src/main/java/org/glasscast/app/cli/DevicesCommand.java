package org.glasscast.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.glasscast.sender.source.Sources;
import org.glasscast.sender.source.ffmpeg.Devices;
import picocli.CommandLine.Command;

/** {@code glasscast devices}: what --source and --audio accept on this machine, spelled as they take it. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the screens, cameras and audio inputs found here, with the exact spelling to pass.")
public final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        FfmpegLog.errorsOnly();
        List<Devices.Device> all = new ArrayList<>(Sources.screens());
        all.addAll(Devices.list());
        print("screens (--source)", all, "screen");
        print("cameras (--source)", all, "camera");
        print("audio inputs (--audio)", all, "audio-in");
        print("what this machine plays (--audio)", all, "audio-monitor");
        System.out.println("also: --source test | file:PATH | any FFmpeg URL (rtsp://, srt://, udp://, http://)");
        System.out.println("      --audio test | none | source (a file's or URL's own sound)");
        return 0;
    }

    private static void print(String title, List<Devices.Device> all, String kind) {
        System.out.println(title + ":");
        List<Devices.Device> some = all.stream().filter(d -> d.kind().equals(kind)).toList();
        if (some.isEmpty()) {
            System.out.println("  (none found)");
        }
        int width = some.stream().mapToInt(d -> d.spelling().length()).max().orElse(0);
        for (Devices.Device d : some) {
            System.out.printf("  %-" + width + "s  %s%n", d.spelling(), d.description());
        }
    }
}
