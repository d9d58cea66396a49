package org.glasscast.protocol.raw;

import java.util.Locale;

/**
 * The RFC 4175 {@code sampling} values we carry, each at depth 8, with its pixel group (pgroup):
 * the smallest run of octets that holds whole samples of every component.
 *
 * <p>A 4:2:0 pgroup is 2x2 luma samples and their one Cb and one Cr, ordered Y00-Y01-Y10-Y11-Cb00-Cr00
 * (Yrc: r = line of the pair, c = column): it spans two scan lines, so one "line" of a packet
 * header is a pair of scan lines, numbered by its first (even) scan line.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4175#section-4.3">RFC 4175 §4.3</a>
 */
public enum RawSampling {
    /** 6 octets per 2x2 pixels over two scan lines; planes Y, Cb, Cr as in I420. */
    YCBCR_420("YCbCr-4:2:0", 6, 2, 2, 3),
    /** 3 octets (R, G, B) per pixel; one packed plane. */
    RGB("RGB", 3, 1, 1, 1);

    private final String sdpName;
    private final int pgroupBytes;
    private final int pgroupPixels;
    private final int pgroupLines;
    private final int planeCount;

    RawSampling(String sdpName, int pgroupBytes, int pgroupPixels, int pgroupLines, int planeCount) {
        this.sdpName = sdpName;
        this.pgroupBytes = pgroupBytes;
        this.pgroupPixels = pgroupPixels;
        this.pgroupLines = pgroupLines;
        this.planeCount = planeCount;
    }

    /** The fmtp {@code sampling} value, as RFC 4175 §6.1 spells it. */
    public String sdpName() {
        return sdpName;
    }

    /** Octets in one pgroup at depth 8. */
    public int pgroupBytes() {
        return pgroupBytes;
    }

    /** Pixels along a scan line one pgroup covers. */
    public int pgroupPixels() {
        return pgroupPixels;
    }

    /** Scan lines one pgroup covers (2 for 4:2:0). */
    public int pgroupLines() {
        return pgroupLines;
    }

    /** Planes of the unpacked picture (I420: 3, packed RGB: 1). */
    public int planeCount() {
        return planeCount;
    }

    /** The sampling named {@code sdpName} (case-insensitive), or null if we do not carry it. */
    public static RawSampling fromSdpName(String sdpName) {
        if (sdpName == null) {
            return null;
        }
        String name = sdpName.strip().toLowerCase(Locale.ROOT);
        for (RawSampling s : values()) {
            if (s.sdpName.toLowerCase(Locale.ROOT).equals(name)) {
                return s;
            }
        }
        return null;
    }
}
