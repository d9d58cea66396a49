package org.glasscast.sender.source.screen;

import org.glasscast.sender.source.FfmpegInputSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FFmpeg's own screen grabbers, one per OS, as {@link FfmpegInputSpec}s: the fallback where
 * MIT-SHM is missing (a remote X server) and the way to grab on Windows and macOS. Pure
 * functions; a region is in absolute desktop pixels, null for the whole screen.
 *
 * @see <a href="https://ffmpeg.org/ffmpeg-devices.html">FFmpeg devices</a>
 */
public final class ScreenInputs {
    private ScreenInputs() {
    }

    /**
     * Linux/BSD: {@code -f x11grab -draw_mouse 1 -framerate 30 -video_size 1280x720 -i :0.0+100,200}.
     *
     * @param display an X display name ({@code :0}); a screen number {@code .0} is added when missing
     */
    public static FfmpegInputSpec x11grab(String display, ScreenSpec.Region region, int fps, boolean cursor) {
        checkFps(fps);
        String url = display.matches(".*:\\d+") ? display + ".0" : display;
        Map<String, String> options = new LinkedHashMap<>();
        options.put("draw_mouse", cursor ? "1" : "0");
        options.put("framerate", Integer.toString(fps));
        if (region != null) {
            options.put("video_size", region.width() + "x" + region.height());
            url += "+" + region.x() + "," + region.y();
        }
        return new FfmpegInputSpec("x11grab", url, options);
    }

    /** Windows GDI: {@code -f gdigrab -draw_mouse 1 -framerate 30 -offset_x X -offset_y Y -video_size WxH -i desktop}. */
    public static FfmpegInputSpec gdigrab(ScreenSpec.Region region, int fps, boolean cursor) {
        checkFps(fps);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("draw_mouse", cursor ? "1" : "0");
        options.put("framerate", Integer.toString(fps));
        if (region != null) {
            options.put("offset_x", Integer.toString(region.x()));
            options.put("offset_y", Integer.toString(region.y()));
            options.put("video_size", region.width() + "x" + region.height());
        }
        return new FfmpegInputSpec("gdigrab", "desktop", options);
    }

    /**
     * Windows 8+ Desktop Duplication through the lavfi filter {@code ddagrab} (a region is relative
     * to output {@code outputIndex}); its D3D11 frames are downloaded to system memory as BGRA.
     */
    public static FfmpegInputSpec ddagrab(int outputIndex, ScreenSpec.Region region, int fps, boolean cursor) {
        checkFps(fps);
        if (outputIndex < 0) {
            throw new IllegalArgumentException("output index " + outputIndex + ": must be >= 0");
        }
        StringBuilder filter = new StringBuilder("ddagrab=output_idx=").append(outputIndex)
                .append(":framerate=").append(fps)
                .append(":draw_mouse=").append(cursor ? 1 : 0);
        if (region != null) {
            filter.append(":offset_x=").append(region.x())
                    .append(":offset_y=").append(region.y())
                    .append(":video_size=").append(region.width()).append('x').append(region.height());
        }
        filter.append(",hwdownload,format=bgra");
        return new FfmpegInputSpec("lavfi", filter.toString(), Map.of());
    }

    /**
     * macOS: {@code -f avfoundation -capture_cursor 1 -framerate 30 -i "N:none"}, N being the
     * screen's index in avfoundation's device list ("Capture screen 0" comes after the cameras).
     * avfoundation cannot grab a region: crop after it.
     */
    public static FfmpegInputSpec avfoundation(int screenDeviceIndex, int fps, boolean cursor) {
        checkFps(fps);
        if (screenDeviceIndex < 0) {
            throw new IllegalArgumentException("screen device index " + screenDeviceIndex + ": must be >= 0");
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("capture_cursor", cursor ? "1" : "0");
        options.put("framerate", Integer.toString(fps));
        return new FfmpegInputSpec("avfoundation", screenDeviceIndex + ":none", options);
    }

    private static void checkFps(int fps) {
        if (fps <= 0 || fps > 1000) {
            throw new IllegalArgumentException("frame rate " + fps + ": must be 1..1000");
        }
    }
}
