package org.glasscast.protocol.rtsp;

import java.util.Locale;

/**
 * The RTSP {@code Transport} header of a SETUP: RTP over UDP with client/server port pairs, or
 * interleaved in the RTSP connection.
 *
 * @param interleaved {@code RTP/AVP/TCP;interleaved=a-b} rather than UDP
 * @param multicast   {@code multicast} rather than {@code unicast}
 * @param rtpPort     client_port (request) or, with interleaved, the RTP channel; -1 if absent
 * @param rtcpPort    second number of the pair; -1 if absent
 * @param serverRtpPort  server_port of a reply; -1 if absent
 * @param serverRtcpPort second server port; -1 if absent
 * @param ssrc        ssrc= of a reply as unsigned 32 bits; -1 if absent
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2326#section-12.39">RFC 2326 §12.39</a>
 */
public record TransportHeader(boolean interleaved, boolean multicast, int rtpPort, int rtcpPort,
                              int serverRtpPort, int serverRtcpPort, long ssrc) {

    public static TransportHeader udp(int clientRtpPort, int clientRtcpPort) {
        return new TransportHeader(false, false, clientRtpPort, clientRtcpPort, -1, -1, -1);
    }

    public static TransportHeader tcp(int rtpChannel, int rtcpChannel) {
        return new TransportHeader(true, false, rtpChannel, rtcpChannel, -1, -1, -1);
    }

    public TransportHeader withServer(int serverRtp, int serverRtcp, long ssrcValue) {
        return new TransportHeader(interleaved, multicast, rtpPort, rtcpPort, serverRtp, serverRtcp, ssrcValue);
    }

    /**
     * Parses the first transport spec of a header value (a client may offer several, comma
     * separated; we take the first we understand: RTP/AVP over UDP or TCP).
     *
     * @throws IllegalArgumentException with a one-line reason when no spec is usable
     */
    public static TransportHeader parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing Transport header");
        }
        IllegalArgumentException first = null;
        for (String spec : value.split(",")) {
            try {
                return parseSpec(spec.trim());
            } catch (IllegalArgumentException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    private static TransportHeader parseSpec(String spec) {
        String[] parts = spec.split(";");
        String protocol = parts[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp;
        if (protocol.equals("RTP/AVP") || protocol.equals("RTP/AVP/UDP")) {
            tcp = false;
        } else if (protocol.equals("RTP/AVP/TCP")) {
            tcp = true;
        } else {
            throw new IllegalArgumentException("unsupported transport " + parts[0].trim());
        }
        boolean multicast = false;
        int[] client = {-1, -1};
        int[] server = {-1, -1};
        int[] channels = {-1, -1};
        long ssrc = -1;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT);
            String val = eq < 0 ? "" : p.substring(eq + 1).trim();
            switch (key) {
                case "multicast" -> multicast = true;
                case "client_port" -> client = pair(val, key);
                case "server_port" -> server = pair(val, key);
                case "interleaved" -> channels = pair(val, key);
                case "ssrc" -> ssrc = parseSsrc(val);
                default -> { } // unicast, mode, destination, source, ttl...: not needed
            }
        }
        if (tcp) {
            if (channels[0] < 0) {
                channels = new int[] {0, 1};
            }
            return new TransportHeader(true, multicast, channels[0], channels[1], -1, -1, ssrc);
        }
        return new TransportHeader(false, multicast, client[0], client[1], server[0], server[1], ssrc);
    }

    private static int[] pair(String val, String key) {
        try {
            int dash = val.indexOf('-');
            if (dash < 0) {
                int a = Integer.parseInt(val);
                checkPort(a, key);
                return new int[] {a, a + 1};
            }
            int a = Integer.parseInt(val.substring(0, dash).trim());
            int b = Integer.parseInt(val.substring(dash + 1).trim());
            checkPort(a, key);
            checkPort(b, key);
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + key + " '" + val + "'");
        }
    }

    private static void checkPort(int p, String key) {
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(key + " out of range: " + p);
        }
    }

    private static long parseSsrc(String val) {
        try {
            return Long.parseLong(val, 16) & 0xFFFF_FFFFL;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The header value, as a server reply or a client request. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (interleaved) {
            sb.append("RTP/AVP/TCP;unicast;interleaved=").append(rtpPort).append('-').append(rtcpPort);
        } else {
            sb.append("RTP/AVP;").append(multicast ? "multicast" : "unicast");
            if (rtpPort >= 0) {
                sb.append(";client_port=").append(rtpPort).append('-').append(rtcpPort);
            }
            if (serverRtpPort >= 0) {
                sb.append(";server_port=").append(serverRtpPort).append('-').append(serverRtcpPort);
            }
        }
        if (ssrc >= 0) {
            sb.append(";ssrc=").append(String.format(Locale.ROOT, "%08X", ssrc));
        }
        return sb.toString();
    }
}
