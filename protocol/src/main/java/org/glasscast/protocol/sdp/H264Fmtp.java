package org.glasscast.protocol.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The a=fmtp parameters of H.264: packetization-mode, profile-level-id, sprop-parameter-sets.
 * SPS and PPS are NAL units without start code (a leading Annex B start code is tolerated).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184#section-8.1">RFC 6184 §8.1</a>
 */
public final class H264Fmtp {
    public static final String PACKETIZATION_MODE = "packetization-mode";
    public static final String PROFILE_LEVEL_ID = "profile-level-id";
    public static final String SPROP_PARAMETER_SETS = "sprop-parameter-sets";

    private H264Fmtp() {
    }

    /** "base64(SPS),base64(PPS)". */
    public static String spropParameterSets(byte[] sps, byte[] pps) {
        Base64.Encoder base64 = Base64.getEncoder();
        return base64.encodeToString(withoutStartCode(sps)) + "," + base64.encodeToString(withoutStartCode(pps));
    }

    /** The parameter sets of a sprop-parameter-sets value, in order; entries that are not base64 are skipped. */
    public static List<byte[]> parseSpropParameterSets(String value) {
        List<byte[]> sets = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                byte[] set = Base64.getDecoder().decode(p);
                if (set.length > 0) {
                    sets.add(set);
                }
            } catch (IllegalArgumentException notBase64) {
                // skipped: the decoder gets the parameter sets in band too
            }
        }
        return sets;
    }

    /** profile_idc, constraint flags and level_idc (SPS bytes 1..3) as 6 lowercase hex digits. */
    public static String profileLevelId(byte[] sps) {
        byte[] nal = withoutStartCode(sps);
        if (nal.length < 4) {
            throw new IllegalArgumentException("SPS shorter than 4 bytes");
        }
        return String.format("%02x%02x%02x", nal[1] & 0xFF, nal[2] & 0xFF, nal[3] & 0xFF);
    }

    /** packetization-mode=1, profile-level-id, sprop-parameter-sets, in that order; a new mutable map. */
    public static Map<String, String> fmtp(byte[] sps, byte[] pps) {
        Map<String, String> fmtp = new LinkedHashMap<>();
        fmtp.put(PACKETIZATION_MODE, "1");
        fmtp.put(PROFILE_LEVEL_ID, profileLevelId(sps));
        fmtp.put(SPROP_PARAMETER_SETS, spropParameterSets(sps, pps));
        return fmtp;
    }

    private static byte[] withoutStartCode(byte[] nal) {
        if (nal.length >= 4 && nal[0] == 0 && nal[1] == 0 && nal[2] == 0 && nal[3] == 1) {
            return Arrays.copyOfRange(nal, 4, nal.length);
        }
        if (nal.length >= 3 && nal[0] == 0 && nal[1] == 0 && nal[2] == 1) {
            return Arrays.copyOfRange(nal, 3, nal.length);
        }
        return nal;
    }
}
