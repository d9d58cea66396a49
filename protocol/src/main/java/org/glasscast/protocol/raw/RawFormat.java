package org.glasscast.protocol.raw;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.glasscast.protocol.sdp.MediaDescription;

/**
 * One RFC 4175 stream's picture format: sampling, size, depth 8, progressive, 90 kHz clock.
 *
 * <p>Besides the wire layout it fixes the unpacked layout a {@link RawDepacketizer} fills: planes
 * back to back with no padding (I420: Y width x height, then Cb and Cr width/2 x height/2;
 * RGB: one plane of width x 3 octets per line).
 *
 * @param width pixels, 1..32767 (a multiple of 2 for 4:2:0)
 * @param height scan lines, 1..32767 (a multiple of 2 for 4:2:0)
 * @param depth bits per sample; only 8
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4175#section-6.1">RFC 4175 §6.1</a>
 */
public record RawFormat(RawSampling sampling, int width, int height, int depth) {
    /** The encoding name in a=rtpmap. */
    public static final String ENCODING_NAME = "raw";
    public static final int CLOCK_RATE = 90_000;
    /** Largest width, height, line number and offset the 15-bit header fields hold. */
    public static final int MAX_DIMENSION = 0x7FFF;
    /** Written in fmtp: our pictures come from swscale's default (BT.601) conversion. */
    public static final String COLORIMETRY = "BT601-5";

    public RawFormat {
        Objects.requireNonNull(sampling, "sampling");
        if (depth != 8) {
            throw new IllegalArgumentException("raw video depth " + depth + " not supported (only 8)");
        }
        if (width < 1 || width > MAX_DIMENSION || height < 1 || height > MAX_DIMENSION
                || width % sampling.pgroupPixels() != 0 || height % sampling.pgroupLines() != 0) {
            throw new IllegalArgumentException("raw video size " + width + "x" + height + " not valid for "
                    + sampling.sdpName());
        }
    }

    /** An 8-bit format. */
    public static RawFormat of(RawSampling sampling, int width, int height) {
        return new RawFormat(sampling, width, height, 8);
    }

    /**
     * The format an m= section describes: encoding "raw" at 90 kHz with fmtp sampling, width,
     * height and depth (RFC 4175 §6.1; other parameters are ignored, "interlace" refused).
     *
     * @throws IllegalArgumentException in one line naming what is missing or unsupported
     */
    public static RawFormat fromSdp(MediaDescription media) {
        if (!media.isEncoding(ENCODING_NAME)) {
            throw new IllegalArgumentException("not raw video: encoding " + media.encodingName());
        }
        if (media.clockRate() != CLOCK_RATE) {
            throw new IllegalArgumentException("raw video clock rate " + media.clockRate() + " is not 90000");
        }
        String samplingName = media.fmtpValue("sampling")
                .orElseThrow(() -> new IllegalArgumentException("raw video fmtp has no sampling"));
        RawSampling sampling = RawSampling.fromSdpName(samplingName);
        if (sampling == null) {
            throw new IllegalArgumentException("raw video sampling " + samplingName + " not supported");
        }
        if (media.fmtpValue("interlace").isPresent()) {
            throw new IllegalArgumentException("interlaced raw video not supported");
        }
        return new RawFormat(sampling, intParameter(media, "width"), intParameter(media, "height"),
                intParameter(media, "depth"));
    }

    private static int intParameter(MediaDescription media, String key) {
        String value = media.fmtpValue(key)
                .orElseThrow(() -> new IllegalArgumentException("raw video fmtp has no " + key));
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("raw video fmtp " + key + " not a number: " + value);
        }
    }

    /**
     * The a=fmtp parameters, in RFC 4175 §6.1 order. {@code SdpWriter} joins them as "k=v;k=v";
     * the RFC's examples put a space after each ';', which GStreamer, FFmpeg and our
     * {@code SdpParser} all skip, so both forms parse alike.
     */
    public Map<String, String> fmtp() {
        Map<String, String> fmtp = new LinkedHashMap<>();
        fmtp.put("sampling", sampling.sdpName());
        fmtp.put("width", Integer.toString(width));
        fmtp.put("height", Integer.toString(height));
        fmtp.put("depth", Integer.toString(depth));
        fmtp.put("colorimetry", COLORIMETRY);
        return fmtp;
    }

    /** Octets in one pgroup. */
    public int pgroupBytes() {
        return sampling.pgroupBytes();
    }

    /** Pixels along a scan line one pgroup covers. */
    public int pgroupPixels() {
        return sampling.pgroupPixels();
    }

    /** Scan lines one header line (one pgroup row) covers: 2 for 4:2:0. */
    public int pgroupLines() {
        return sampling.pgroupLines();
    }

    /** Pgroups across the picture. */
    public int pgroupsPerLine() {
        return width / sampling.pgroupPixels();
    }

    /** Header lines per frame (height / pgroupLines). */
    public int lineCount() {
        return height / sampling.pgroupLines();
    }

    /** Octets of one whole header line on the wire (for 4:2:0 that holds two scan lines). */
    public int lineBytes() {
        return pgroupsPerLine() * sampling.pgroupBytes();
    }

    /** Octets of {@code pixels} pixels of one header line, from a multiple of pgroupPixels. */
    public int lineBytes(int pixels) {
        return pixels / sampling.pgroupPixels() * sampling.pgroupBytes();
    }

    /** Pixel octets of a whole frame, on the wire and unpacked alike. */
    public int frameBytes() {
        return lineBytes() * lineCount();
    }

    /** Planes of the unpacked picture. */
    public int planeCount() {
        return sampling.planeCount();
    }

    /** Octets per line of unpacked plane {@code i} (0 = Y or RGB, 1 = Cb, 2 = Cr). */
    public int planeStride(int i) {
        checkPlane(i);
        if (sampling == RawSampling.RGB) {
            return width * 3;
        }
        return i == 0 ? width : width / 2;
    }

    /** Lines of unpacked plane {@code i}. */
    public int planeHeight(int i) {
        checkPlane(i);
        return i == 0 ? height : height / 2;
    }

    /** Where unpacked plane {@code i} starts in a frame buffer. */
    public int planeOffset(int i) {
        checkPlane(i);
        int offset = 0;
        for (int p = 0; p < i; p++) {
            offset += planeStride(p) * planeHeight(p);
        }
        return offset;
    }

    private void checkPlane(int i) {
        if (i < 0 || i >= sampling.planeCount()) {
            throw new IndexOutOfBoundsException("plane " + i + " of " + sampling.sdpName());
        }
    }
}
