package org.glasscast.protocol.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One m= section reduced to the payload type we play or send.
 *
 * @param media "video", "audio", ...
 * @param protocol "RTP/AVP", ...
 * @param encodingName from a=rtpmap or the RFC 3551 static table ("H264", "opus", "raw", "PCMU");
 *        null when a dynamic payload type has no rtpmap. Compare with {@link #isEncoding}
 * @param clockRate Hz; 0 if unknown
 * @param channels 0 = unspecified (one for audio)
 * @param fmtp a=fmtp parameters in wire order, keys as written; empty if none. Look up with
 *        {@link #fmtpValue}, which ignores case (RFC 6184 parameter names are case-insensitive)
 * @param control a=control, relative or absolute; nullable. See {@link #controlUrl}
 * @param extmap a=extmap id to URI (session-level ones included); empty if none
 * @param connectionAddress media-level c= address; nullable
 * @param ptimeMillis a=ptime, the media time in one packet, rounded up to whole ms as RFC 7587
 *        §6.1 writes it; 0 if absent
 * @param maxptimeMillis a=maxptime, the most media time in one packet, likewise; 0 if absent
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866#section-5.14">RFC 8866 §5.14</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866#section-6.4">RFC 8866 §6.4-6.5 (ptime, maxptime)</a>
 */
public record MediaDescription(String media, int port, String protocol, int payloadType, String encodingName,
        int clockRate, int channels, Map<String, String> fmtp, String control, Map<Integer, String> extmap,
        String connectionAddress, int ptimeMillis, int maxptimeMillis) {

    /** Without a=ptime or a=maxptime. */
    public MediaDescription(String media, int port, String protocol, int payloadType, String encodingName,
                            int clockRate, int channels, Map<String, String> fmtp, String control,
                            Map<Integer, String> extmap, String connectionAddress) {
        this(media, port, protocol, payloadType, encodingName, clockRate, channels, fmtp, control, extmap,
                connectionAddress, 0, 0);
    }

    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port not in 0..65535: " + port);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType not in 0..127: " + payloadType);
        }
        if (ptimeMillis < 0 || maxptimeMillis < 0) {
            throw new IllegalArgumentException("negative ptime " + ptimeMillis + " or maxptime " + maxptimeMillis);
        }
        fmtp = fmtp == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fmtp));
        extmap = extmap == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extmap));
    }

    /** Whether the encoding name is {@code name}, ignoring case (SDP encoding names are case-insensitive). */
    public boolean isEncoding(String name) {
        return name.equalsIgnoreCase(encodingName);
    }

    /** The fmtp parameter {@code key}, ignoring case. */
    public Optional<String> fmtpValue(String key) {
        for (Map.Entry<String, String> entry : fmtp.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The extmap id of {@code uri}, or -1. */
    public int extmapId(String uri) {
        for (Map.Entry<Integer, String> entry : extmap.entrySet()) {
            if (entry.getValue().equals(uri)) {
                return entry.getKey();
            }
        }
        return -1;
    }

    /**
     * The URL to SETUP this media: {@code baseUrl} (Content-Base, else the DESCRIBE URL) if control
     * is absent or "*", control itself if absolute, else control appended to baseUrl with one '/'.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc2326#appendix-C.1.1">RFC 2326 C.1.1</a>
     */
    public String controlUrl(String baseUrl) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return baseUrl;
        }
        if (control.contains("://")) {
            return control;
        }
        String path = control.startsWith("/") ? control.substring(1) : control;
        return baseUrl.endsWith("/") ? baseUrl + path : baseUrl + "/" + path;
    }
}
