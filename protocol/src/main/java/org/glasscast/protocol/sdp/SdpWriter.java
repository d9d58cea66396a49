package org.glasscast.protocol.sdp;

import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes a {@link SessionDescription} as SDP text with CRLF line endings, in the order RFC 8866 §5
 * requires. Opus is always written opus/48000/2 (RFC 7587 §7).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866#section-5">RFC 8866 §5</a>
 */
public final class SdpWriter {
    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    /** The text with session id and version 0, as ffmpeg writes. */
    public static String write(SessionDescription session) {
        return write(session, 0, 0);
    }

    /**
     * The text with o= session id and version (RFC 8866 §5.2 suggests an NTP timestamp).
     *
     * @throws IllegalArgumentException if a field holds a line break
     */
    public static String write(SessionDescription session, long sessionId, long sessionVersion) {
        StringBuilder out = new StringBuilder(512);
        String origin = session.originAddress() == null ? "127.0.0.1" : session.originAddress();
        line(out, "v=0");
        line(out, "o=- " + sessionId + " " + sessionVersion + " IN " + addressType(origin) + " " + origin);
        line(out, "s=" + (session.sessionName().isBlank() ? " " : session.sessionName()));
        connection(out, session.connectionAddress());
        line(out, "t=0 0");
        line(out, "a=tool:glasscast");
        if (session.control() != null) {
            line(out, "a=control:" + session.control());
        }
        for (MediaDescription m : session.media()) {
            media(out, m);
        }
        return out.toString();
    }

    private static void media(StringBuilder out, MediaDescription m) {
        int pt = m.payloadType();
        line(out, "m=" + m.media() + " " + m.port() + " " + m.protocol() + " " + pt);
        connection(out, m.connectionAddress());
        if (m.encodingName() != null) {
            int channels = m.isEncoding("opus") ? 2 : m.channels();
            line(out, "a=rtpmap:" + pt + " " + m.encodingName() + "/" + m.clockRate() + (channels > 0 ? "/" + channels : ""));
        }
        if (!m.fmtp().isEmpty()) {
            StringJoiner params = new StringJoiner(";");
            for (Map.Entry<String, String> p : m.fmtp().entrySet()) {
                params.add(p.getValue().isEmpty() ? p.getKey() : p.getKey() + "=" + p.getValue());
            }
            line(out, "a=fmtp:" + pt + " " + params);
        }
        if (m.ptimeMillis() > 0) {
            line(out, "a=ptime:" + m.ptimeMillis());
        }
        if (m.maxptimeMillis() > 0) {
            line(out, "a=maxptime:" + m.maxptimeMillis());
        }
        for (Map.Entry<Integer, String> e : m.extmap().entrySet()) {
            line(out, "a=extmap:" + e.getKey() + " " + e.getValue());
        }
        if (m.control() != null) {
            line(out, "a=control:" + m.control());
        }
    }

    private static void connection(StringBuilder out, String address) {
        if (address != null) {
            line(out, "c=IN " + addressType(address) + " " + address);
        }
    }

    private static String addressType(String address) {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }

    private static void line(StringBuilder out, String line) {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("line break inside an SDP field: "
                    + line.replace("\r", "\\r").replace("\n", "\\n"));
        }
        out.append(line).append(CRLF);
    }
}
