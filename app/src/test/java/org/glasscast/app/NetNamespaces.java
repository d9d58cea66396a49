package org.glasscast.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two hosts on a private link, for tests of what the network does: network namespaces {@link
 * #a()} and {@link #b()} joined by a veth pair, 10.213.N.1 and 10.213.N.2 on 10.213.N.0/24, with
 * loopback up and no other route (nothing a process in them sends can leave the machine, not even
 * a DNS query). Processes run in either host ({@code ip netns exec}); nftables rules on either
 * host's input or output make SYNs vanish or packets get lost. {@link #close()} deletes both
 * namespaces, which takes their link and rules with them; namespaces left by a test run that died
 * are deleted by the next one (their names carry the creator's pid).
 *
 * <p>Needs root and {@code ip} (iproute2) and {@code nft} (nftables), which {@code ./glasscast
 * test} installs: without them it fails with one line saying so, never skips.
 */
final class NetNamespaces implements AutoCloseable {
    /** Every namespace made here is named {@code gct-PID-N-a} or {@code -b}. */
    static final String PREFIX = "gct-";
    private static final AtomicInteger PAIRS = new AtomicInteger();
    private static final long PID = ProcessHandle.current().pid();
    private static final long COMMAND_SECONDS = 20;

    private final Host a;
    private final Host b;
    private final int subnet;

    private NetNamespaces(String name, int subnet) {
        this.subnet = subnet;
        this.a = new Host(name + "-a", "10.213." + subnet + ".1");
        this.b = new Host(name + "-b", "10.213." + subnet + ".2");
    }

    /** Creates the two hosts and their link; fails in one line without root, ip or nft. */
    static NetNamespaces create() throws IOException, InterruptedException {
        requireRootAndTools();
        removeLeftovers();
        int n = PAIRS.incrementAndGet();
        NetNamespaces net = new NetNamespaces(PREFIX + PID + "-" + n, 1 + (int) ((PID * 31 + n) % 250));
        boolean done = false;
        try {
            run("ip", "netns", "add", net.a.name);
            run("ip", "netns", "add", net.b.name);
            // made inside the namespaces, so the same interface name in both never clashes
            run("ip", "link", "add", "gc0", "netns", net.a.name, "type", "veth", "peer", "name", "gc0", "netns", net.b.name);
            for (Host h : List.of(net.a, net.b)) {
                h.ip("addr", "add", h.address + "/24", "dev", "gc0");
                h.ip("link", "set", "gc0", "up");
                h.ip("link", "set", "lo", "up");
            }
            done = true;
            return net;
        } finally {
            if (!done) {
                net.close();
            }
        }
    }

    Host a() {
        return a;
    }

    Host b() {
        return b;
    }

    /** An address in neither host's subnet: from inside them there is no route to it. */
    String unroutedAddress() {
        return "10.213." + (subnet % 250 + 1) + ".2";
    }

    /** Deletes both namespaces (and with them the link and the rules); never throws. */
    @Override
    public void close() {
        for (Host h : List.of(a, b)) {
            try {
                delete(h.name);
            } catch (IOException e) {
                System.err.println("NetNamespaces: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One of the two hosts: a network namespace with one address on the link. */
    static final class Host {
        final String name;
        final String address;
        private boolean tableMade;

        private Host(String name, String address) {
            this.name = name;
            this.address = address;
        }

        /** {@code command} as run inside this host. */
        List<String> command(List<String> command) {
            List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
            c.addAll(command);
            return c;
        }

        /** A process in this host, output kept as {@link Proc} keeps it. */
        Proc start(Path dir, String procName, List<String> command) throws IOException {
            return Proc.start(dir, procName, command(command));
        }

        /** Our CLI in this host, as the launcher runs it. */
        Proc glasscast(Path dir, String procName, String... args) throws IOException {
            return start(dir, procName, Proc.glasscastCommand(args));
        }

        /** Our CLI in this host with more environment (a display, a sound server) and JVM options. */
        Proc glasscast(Path dir, String procName, java.util.Map<String, String> env, List<String> jvmOptions,
                       String... args) throws IOException {
            return Proc.start(dir, procName, command(Proc.glasscastCommand(jvmOptions, args)), env);
        }

        /** An nftables rule on what arrives at this host, e.g. {@code tcp dport 8554 drop}. */
        void onInput(String rule) throws IOException, InterruptedException {
            addRule("input", rule);
        }

        /** An nftables rule on what this host sends (a drop makes the sender's own send fail with EPERM). */
        void onOutput(String rule) throws IOException, InterruptedException {
            addRule("output", rule);
        }

        /** Connections to {@code port} are never answered: their SYNs vanish, as behind a silent firewall. */
        void dropSyns(int port) throws IOException, InterruptedException {
            onInput("tcp dport " + port + " tcp flags & (syn | ack) == syn drop");
        }

        /** {@code percent} % of the packets arriving here are lost, at random. */
        void loseRandomly(int percent) throws IOException, InterruptedException {
            onInput("numgen random mod 100 < " + percent + " drop");
        }

        private synchronized void addRule(String chain, String rule) throws IOException, InterruptedException {
            if (!tableMade) {
                nft("add table inet glasscast_test");
                for (String hook : List.of("input", "output")) {
                    nft("add chain inet glasscast_test " + hook + " { type filter hook " + hook
                            + " priority 0 ; policy accept ; }");
                }
                tableMade = true;
            }
            nft("add rule inet glasscast_test " + chain + " " + rule);
        }

        private void nft(String statement) throws IOException, InterruptedException {
            run(command(List.of("nft", statement)).toArray(String[]::new));
        }

        private void ip(String... args) throws IOException, InterruptedException {
            List<String> c = new ArrayList<>(List.of("ip", "-n", name));
            c.addAll(List.of(args));
            run(c.toArray(String[]::new));
        }

        @Override
        public String toString() {
            return name + " (" + address + ")";
        }
    }

    private static void requireRootAndTools() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            throw new AssertionError("this test needs root: it makes network namespaces and nftables rules"
                    + " (run it as root, as CI does)");
        }
        for (String[] tool : new String[][] {{"ip", "iproute2"}, {"nft", "nftables"}}) {
            if (!onPath(tool[0])) {
                throw new AssertionError("this test needs '" + tool[0] + "' (Debian package " + tool[1]
                        + "; ./glasscast test installs it)");
            }
        }
    }

    private static boolean onPath(String command) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Namespaces of ours whose creator is gone (a crashed or killed test run), or that reuse our pid. */
    private static void removeLeftovers() throws IOException, InterruptedException {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String ns = line.strip().split("\\s+")[0];
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            String[] parts = ns.substring(PREFIX.length()).split("-");
            long pid;
            try {
                pid = Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            boolean creatorAlive = pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            boolean ours = pid == PID && parts.length > 1 && Integer.parseInt(parts[1]) <= PAIRS.get();
            if (!creatorAlive && !ours) {
                delete(ns);
            }
        }
    }

    private static void delete(String ns) throws IOException, InterruptedException {
        if (Files.exists(Path.of("/run/netns", ns))) {
            run("ip", "netns", "del", ns);
        }
    }

    /** Runs a command to its end; its output, or an exception with its first line of complaint. */
    private static String run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("netns-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no end within " + COMMAND_SECONDS + " s");
            }
            String out = Files.readString(output);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": "
                        + out.strip().lines().findFirst().orElse("exit " + p.exitValue()));
            }
            return out;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
