package org.glasscast.protocol.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SDP text leniently, as ffmpeg does: LF or CRLF, unknown lines and attributes ignored,
 * static payload types named from RFC 3551. For each m= line it keeps one payload type: the first
 * listed that has an rtpmap or a static name, else the first listed. m= sections whose formats are
 * not RTP payload types (e.g. "m=application 9 UDP/DTLS/SCTP webrtc-datachannel") are skipped.
 * The fmtp map keeps wire order and the keys' case; {@link MediaDescription#fmtpValue} ignores case.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866#section-5">RFC 8866 §5</a>
 */
public final class SdpParser {
    /** RFC 3551 §6 static payload types: name, clock rate, channels (0 = one / unspecified). */
    private static final Map<Integer, Rtpmap> STATIC = Map.ofEntries(
            Map.entry(0, new Rtpmap("PCMU", 8000, 0)),
            Map.entry(3, new Rtpmap("GSM", 8000, 0)),
            Map.entry(4, new Rtpmap("G723", 8000, 0)),
            Map.entry(8, new Rtpmap("PCMA", 8000, 0)),
            Map.entry(9, new Rtpmap("G722", 8000, 0)),
            Map.entry(10, new Rtpmap("L16", 44100, 2)),
            Map.entry(11, new Rtpmap("L16", 44100, 0)),
            Map.entry(14, new Rtpmap("MPA", 90000, 0)),
            Map.entry(26, new Rtpmap("JPEG", 90000, 0)),
            Map.entry(31, new Rtpmap("H261", 90000, 0)),
            Map.entry(32, new Rtpmap("MPV", 90000, 0)),
            Map.entry(33, new Rtpmap("MP2T", 90000, 0)),
            Map.entry(34, new Rtpmap("H263", 90000, 0)));

    private SdpParser() {
    }

    /**
     * The session described by {@code text}.
     *
     * @throws SdpException if it does not start with v=0, has no m= line, or an m= line is unreadable
     */
    public static SessionDescription parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SdpException("empty SDP");
        }
        String originAddress = null;
        String sessionName = "";
        String connection = null;
        String control = null;
        Map<Integer, String> sessionExtmap = new LinkedHashMap<>();
        List<MediaBuilder> media = new ArrayList<>();
        MediaBuilder current = null;
        boolean sawVersion = false;
        for (String raw : text.replace("\uFEFF", "").split("\r\n|\n|\r")) {
            String line = raw.stripTrailing();
            if (line.isEmpty()) {
                continue;
            }
            boolean wellFormed = line.length() >= 2 && line.charAt(1) == '=';
            if (!sawVersion) {
                if (!wellFormed || line.charAt(0) != 'v') {
                    throw new SdpException("SDP does not start with v=: " + quote(line));
                }
                if (!line.substring(2).strip().equals("0")) {
                    throw new SdpException("unsupported SDP version: " + quote(line));
                }
                sawVersion = true;
                continue;
            }
            if (!wellFormed) {
                continue;
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
                case 'o' -> originAddress = field(value, 5);
                case 's' -> sessionName = value.strip();
                case 'c' -> {
                    String address = connectionAddress(value);
                    if (current == null) {
                        connection = address;
                    } else {
                        current.connection = address;
                    }
                }
                case 'm' -> {
                    current = new MediaBuilder(value);
                    media.add(current);
                }
                case 'a' -> {
                    if (current != null) {
                        current.attribute(value);
                    } else if (value.startsWith("control:")) {
                        control = value.substring("control:".length()).strip();
                    } else if (value.startsWith("extmap:")) {
                        putExtmap(sessionExtmap, value.substring("extmap:".length()));
                    }
                }
                default -> {
                    // t=, b=, i=, u=, k=, r=, z= ... not needed to play
                }
            }
        }
        List<MediaDescription> built = new ArrayList<>();
        for (MediaBuilder m : media) {
            if (m.rtp) {
                built.add(m.build(sessionExtmap));
            }
        }
        if (built.isEmpty()) {
            throw new SdpException("SDP has no RTP m= line");
        }
        return new SessionDescription(originAddress, sessionName, connection, control, built);
    }

    /** "key=value;key;key = value" in order; keys and values trimmed, key without '=' maps to "". */
    public static Map<String, String> parseFmtpParameters(String parameters) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : parameters.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).strip();
            if (!key.isEmpty()) {
                map.putIfAbsent(key, eq < 0 ? "" : p.substring(eq + 1).strip());
            }
        }
        return map;
    }

    private static String field(String value, int index) {
        String[] fields = value.strip().split("\\s+");
        return fields.length > index ? fields[index] : null;
    }

    /** "IN IP4 224.2.1.1/127/3" gives "224.2.1.1". */
    private static String connectionAddress(String value) {
        String address = field(value, 2);
        if (address == null) {
            return null;
        }
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    /** "ID[/direction] URI [attributes]"; ignored if unreadable. */
    private static void putExtmap(Map<Integer, String> extmap, String value) {
        String[] fields = value.strip().split("\\s+");
        if (fields.length < 2) {
            return;
        }
        String id = fields[0];
        int slash = id.indexOf('/');
        Integer parsed = parseInt(slash < 0 ? id : id.substring(0, slash));
        if (parsed != null && parsed >= 1 && parsed <= 4095) {
            extmap.put(parsed, fields[1]);
        }
    }

    /** "20" or "2.5" (RFC 8866 §6.4) in whole ms, rounded up as RFC 7587 §6.1 does; {@code otherwise} if unreadable. */
    private static int packetTime(String value, int otherwise) {
        try {
            double ms = Double.parseDouble(value.strip());
            return ms > 0 && ms <= 60_000 ? (int) Math.ceil(ms) : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String quote(String line) {
        String shown = line.length() > 60 ? line.substring(0, 60) + "..." : line;
        return "'" + shown + "'";
    }

    private record Rtpmap(String name, int clockRate, int channels) {
    }

    /** One m= section while its attributes are read. */
    private static final class MediaBuilder {
        final String media;
        final int port;
        final String protocol;
        final List<Integer> formats = new ArrayList<>();
        final boolean rtp;
        final Map<Integer, Rtpmap> rtpmaps = new LinkedHashMap<>();
        final Map<Integer, String> fmtps = new LinkedHashMap<>();
        final Map<Integer, String> extmap = new LinkedHashMap<>();
        String control;
        String connection;
        int ptime;
        int maxptime;

        /** "media port[/count] proto fmt ..." */
        MediaBuilder(String value) {
            String[] fields = value.strip().split("\\s+");
            if (fields.length < 4) {
                throw new SdpException("m= line needs media, port, protocol and a format: " + quote("m=" + value));
            }
            media = fields[0];
            String portField = fields[1];
            int slash = portField.indexOf('/');
            Integer parsedPort = parseInt(slash < 0 ? portField : portField.substring(0, slash));
            if (parsedPort == null || parsedPort < 0 || parsedPort > 65535) {
                throw new SdpException("bad port in m= line: " + quote("m=" + value));
            }
            port = parsedPort;
            protocol = fields[2];
            boolean numeric = true;
            for (int i = 3; i < fields.length; i++) {
                Integer pt = parseInt(fields[i]);
                if (pt == null || pt < 0 || pt > 127) {
                    numeric = false;
                } else {
                    formats.add(pt);
                }
            }
            rtp = protocol.toUpperCase().contains("RTP");
            if (rtp && (!numeric || formats.isEmpty())) {
                throw new SdpException("bad RTP payload type in m= line: " + quote("m=" + value));
            }
        }

        void attribute(String value) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1).strip();
            switch (name) {
                case "control" -> control = arg;
                case "ptime" -> ptime = packetTime(arg, ptime);
                case "maxptime" -> maxptime = packetTime(arg, maxptime);
                case "extmap" -> putExtmap(extmap, arg);
                case "rtpmap" -> rtpmap(arg);
                case "fmtp" -> {
                    String[] parts = arg.split("\\s+", 2);
                    Integer pt = parseInt(parts[0]);
                    if (pt != null) {
                        fmtps.putIfAbsent(pt, parts.length > 1 ? parts[1] : "");
                    }
                }
                default -> {
                    // sendonly, range, framerate, ... not needed to play
                }
            }
        }

        /** "PT NAME/RATE[/CHANNELS]"; ignored if unreadable. */
        private void rtpmap(String arg) {
            String[] parts = arg.split("\\s+", 2);
            Integer pt = parseInt(parts[0]);
            if (pt == null || parts.length < 2) {
                return;
            }
            String[] encoding = parts[1].strip().split("/");
            Integer rate = encoding.length > 1 ? parseInt(encoding[1]) : Integer.valueOf(0);
            Integer channels = encoding.length > 2 ? parseInt(encoding[2]) : Integer.valueOf(0);
            if (!encoding[0].isEmpty() && rate != null && channels != null) {
                rtpmaps.putIfAbsent(pt, new Rtpmap(encoding[0], rate, channels));
            }
        }

        MediaDescription build(Map<Integer, String> sessionExtmap) {
            int chosen = formats.get(0);
            for (int pt : formats) {
                if (rtpmaps.containsKey(pt) || STATIC.containsKey(pt)) {
                    chosen = pt;
                    break;
                }
            }
            Rtpmap map = rtpmaps.getOrDefault(chosen, STATIC.get(chosen));
            Map<Integer, String> extensions = new LinkedHashMap<>(sessionExtmap);
            extensions.putAll(extmap);
            String fmtp = fmtps.get(chosen);
            return new MediaDescription(media, port, protocol, chosen, map == null ? null : map.name(),
                    map == null ? 0 : map.clockRate(), map == null ? 0 : map.channels(),
                    fmtp == null ? Map.of() : parseFmtpParameters(fmtp), control, extensions, connection, ptime,
                    maxptime);
        }
    }
}
