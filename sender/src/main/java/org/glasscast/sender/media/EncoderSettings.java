package org.glasscast.sender.media;

/**
 * What {@link H264Encoder} is opened with.
 *
 * @param keyframeIntervalFrames IDR period in frames (GOP); a keyframe can also be requested
 * @param encoderName FFmpeg encoder name, looked up exactly; null or blank means "libx264"
 */
public record EncoderSettings(int width, int height, int fps, int bitrateKbps, int keyframeIntervalFrames,
        String encoderName) {

    public static final String DEFAULT_ENCODER = "libx264";
    private static final double REFERENCE_KBPS = 4000;
    private static final double REFERENCE_PIXEL_RATE = 1280.0 * 720 * 30;
    private static final int MIN_KBPS = 300;

    public EncoderSettings {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("frame size must be positive and even: " + width + "x" + height);
        }
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive: " + fps);
        }
        if (bitrateKbps <= 0) {
            throw new IllegalArgumentException("bitrate must be positive: " + bitrateKbps + " kbps");
        }
        if (keyframeIntervalFrames <= 0) {
            throw new IllegalArgumentException("keyframe interval must be positive: " + keyframeIntervalFrames);
        }
        if (encoderName == null || encoderName.isBlank()) {
            encoderName = DEFAULT_ENCODER;
        }
    }

    /** libx264, 4000 kbps at 1280x720@30 scaled by pixel rate (at least 300), a keyframe every 2 s. */
    public static EncoderSettings defaults(int width, int height, int fps) {
        int kbps = (int) Math.max(MIN_KBPS, Math.round(REFERENCE_KBPS * width * height * fps / REFERENCE_PIXEL_RATE));
        return new EncoderSettings(width, height, fps, kbps, 2 * fps, DEFAULT_ENCODER);
    }

    public EncoderSettings withBitrateKbps(int kbps) {
        return new EncoderSettings(width, height, fps, kbps, keyframeIntervalFrames, encoderName);
    }

    public EncoderSettings withKeyframeInterval(int frames) {
        return new EncoderSettings(width, height, fps, bitrateKbps, frames, encoderName);
    }

    public EncoderSettings withEncoderName(String name) {
        return new EncoderSettings(width, height, fps, bitrateKbps, keyframeIntervalFrames, name);
    }
}
