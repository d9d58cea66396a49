package org.glasscast.app.cli;

import java.net.InetSocketAddress;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers of the command line's value types; each failure is a one-line message. */
public final class Values {
    private Values() {
    }

    /** A frame size WxH, both even (4:2:0 chroma) and at least 64x48. */
    public record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    public static final class SizeConverter implements ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            String[] p = value.toLowerCase(Locale.ROOT).split("x");
            try {
                if (p.length == 2) {
                    int w = Integer.parseInt(p[0].trim());
                    int h = Integer.parseInt(p[1].trim());
                    if (w < 64 || h < 48 || w > 7680 || h > 4320) {
                        throw new TypeConversionException("'" + value + "' is outside 64x48 .. 7680x4320");
                    }
                    if (w % 2 != 0 || h % 2 != 0) {
                        throw new TypeConversionException("'" + value + "' must have even width and height");
                    }
                    return new Size(w, h);
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new TypeConversionException("'" + value + "' is not a size like 1280x720");
        }
    }

    /** HOST:PORT, [IPv6]:PORT or :PORT (all addresses): an address of this machine, looked up at once. */
    public static final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            InetSocketAddress parsed = hostPort(value);
            InetSocketAddress a = new InetSocketAddress(parsed.getHostString(), parsed.getPort());
            if (a.isUnresolved()) {
                throw new TypeConversionException("unknown host '" + parsed.getHostString() + "'");
            }
            return a;
        }
    }

    /**
     * HOST:PORT of another machine, not looked up here: the sender looks it up when it starts, so a
     * name that does not resolve is named in one line as a failure (exit 1), not a usage error, and
     * a name server that does not answer cannot hold up parsing the command line.
     */
    public static final class RemoteHostPortConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return hostPort(value);
        }
    }

    /** An unresolved address of HOST:PORT (0.0.0.0 when HOST is empty). */
    private static InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new TypeConversionException("'" + value + "' is not HOST:PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' has no port number");
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException("port " + port + " is out of range");
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** A bit rate as ffmpeg writes it: 4M, 2500k, 3000000 (bits/s). Converted to kbit/s. */
    public static final class BitrateConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            double mult = 1;
            if (v.endsWith("m")) {
                mult = 1_000_000;
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("k")) {
                mult = 1_000;
                v = v.substring(0, v.length() - 1);
            }
            double bits;
            try {
                bits = Double.parseDouble(v) * mult;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a bit rate like 4M or 2500k");
            }
            if (bits < 50_000 || bits > 500_000_000) {
                throw new TypeConversionException("'" + value + "' is outside 50k .. 500M");
            }
            return (int) Math.round(bits / 1000);
        }
    }
}
