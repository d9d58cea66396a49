package org.glasscast.app.cli;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The URLs a viewer can open, as {@code send} prints them: for a server listening on every
 * address, one per address of this machine that another machine can reach (IPv4 first, then
 * global IPv6; no link-local ones, which need a zone), then loopback for this machine itself.
 */
final class ServingUrls {
    /** An address and the interface it belongs to. */
    record Address(String interfaceName, InetAddress address) {
    }

    private ServingUrls() {
    }

    /** The lines to print under "send: serving" for {@code listen} and the machine's addresses. */
    static List<String> lines(InetSocketAddress listen, int port, List<Address> addresses) {
        List<String> out = new ArrayList<>();
        if (!listen.getAddress().isAnyLocalAddress()) {
            out.add(url(listen.getAddress(), port));
            return out;
        }
        List<Address> reachable = new ArrayList<>(addresses.stream()
                .filter(a -> !a.address().isLoopbackAddress() && !a.address().isLinkLocalAddress()
                        && !a.address().isAnyLocalAddress())
                .toList());
        reachable.sort(Comparator.comparing((Address a) -> a.address() instanceof Inet6Address));
        int width = reachable.stream().mapToInt(a -> url(a.address(), port).length()).max().orElse(0);
        for (Address a : reachable) {
            out.add(String.format("%-" + width + "s  (%s)", url(a.address(), port), a.interfaceName()));
        }
        String self = url(InetAddress.getLoopbackAddress(), port);
        out.add(String.format("%-" + Math.max(width, self.length()) + "s  (%s)", self,
                reachable.isEmpty() ? "this machine only: it has no network address but loopback" : "this machine"));
        return out;
    }

    /** This machine's addresses on interfaces that are up. */
    static List<Address> machineAddresses() {
        List<Address> all = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        all.add(new Address(ni.getName(), a));
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // none listed: loopback only
        }
        return all;
    }

    static String url(InetAddress a, int port) {
        String host = a instanceof Inet4Address ? a.getHostAddress() : "[" + shortIpv6(a.getAddress()) + "]";
        return "rtsp://" + host + ":" + port + "/live";
    }

    /** RFC 5952's form: the longest run of two or more zero groups as "::", lower-case hex. */
    static String shortIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
