package org.glasscast.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glasscast.bench.net.ImpairStage;
import org.glasscast.bench.net.Impairment;
import org.glasscast.bench.net.ImpairedBed;

/**
 * Two hosts on a private link, for tests of what the network does: network namespaces {@link
 * #a()} and {@link #b()} joined by a veth pair, 10.213.N.1 and 10.213.N.2 on 10.213.N.0/24, with
 * loopback up and no other route (nothing a process in them sends can leave the machine, not even
 * a DNS query). Processes run in either host ({@code ip netns exec}); nftables rules on either
 * host's input or output make SYNs vanish or packets get lost. {@link #close()} deletes both
 * namespaces, which takes their link and rules with them; namespaces left by a test run that died
 * are deleted by the next one (their names carry the creator's pid).
 *
 * <p>{@link #withImpairment} makes three hosts instead: A ↔ middle ↔ B ({@link ImpairedBed}), where
 * every packet between A and B crosses an {@link ImpairStage} in the middle that delays, jitters,
 * reorders and drops it as asked, per direction; {@link #impair} restarts the stage with other
 * figures while the hosts and their processes stay.
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
    /** The three-host bed's middle and its plan; null on a two-host link. */
    private final Host middle;
    private final ImpairedBed bed;
    private final Path stageDir;
    private Proc stage;
    private int stageRuns;

    private NetNamespaces(String name, int subnet) {
        this.subnet = subnet;
        this.a = new Host(name + "-a", "10.213." + subnet + ".1");
        this.b = new Host(name + "-b", "10.213." + subnet + ".2");
        this.middle = null;
        this.bed = null;
        this.stageDir = null;
    }

    private NetNamespaces(String name, int subnet, Path stageDir) {
        this.subnet = subnet;
        this.bed = new ImpairedBed(name + "-a", name + "-m", name + "-b", subnet);
        this.a = new Host(name + "-a", bed.addressA());
        this.b = new Host(name + "-b", bed.addressB());
        this.middle = new Host(name + "-m", bed.middleAddressA());
        this.stageDir = stageDir;
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

    /**
     * Three hosts, A ↔ middle ↔ B, every packet between A and B crossing an impairment stage in
     * the middle: towards B as {@code towardsB}, towards A as {@code towardsA}. A is 10.213.N.1
     * and B 10.213.N.129 (each on its half of the /24, the middle routing between them; see
     * {@link ImpairedBed}); read them from {@link Host#address}. Returns once the
     * stage forwards. The stage's output goes to {@code dir} ({@code impair-N.out}); {@link #close}
     * stops it and deletes the three namespaces. Fails in one line without root, ip, nft or
     * {@code /dev/net/tun}.
     */
    static NetNamespaces withImpairment(Path dir, Impairment towardsB, Impairment towardsA)
            throws IOException, InterruptedException {
        requireRootAndTools();
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            throw new AssertionError("this test needs /dev/net/tun (the impairment stage forwards through TUN interfaces)");
        }
        removeLeftovers();
        int n = PAIRS.incrementAndGet();
        NetNamespaces net = new NetNamespaces(PREFIX + PID + "-" + n, 1 + (int) ((PID * 31 + n) % 250), dir);
        boolean done = false;
        try {
            for (List<String> command : net.bed.setUpCommands()) {
                run(command.toArray(String[]::new));
            }
            net.impair(towardsB, towardsA);
            done = true;
            return net;
        } finally {
            if (!done) {
                net.close();
            }
        }
    }

    /**
     * (Re)starts the stage with these figures and waits until it forwards; the link, the hosts and
     * their processes stay (packets in flight in the old stage are lost, as in a route change).
     */
    synchronized void impair(Impairment towardsB, Impairment towardsA) throws IOException, InterruptedException {
        if (bed == null) {
            throw new IllegalStateException("a two-host link has no stage: make it with withImpairment");
        }
        stopStage();
        Proc started = Proc.start(stageDir, "impair-" + ++stageRuns,
                bed.stageCommand(Proc.java(), Proc.classPath(), ImpairStage.arguments(towardsB, towardsA)));
        stage = started;
        started.awaitOutput(ImpairStage.READY, 30);
    }

    /** Stops the stage (SIGTERM); its summary line ({@code impair: stopped after ...}), or null if none ran. */
    synchronized String stopStage() throws InterruptedException, IOException {
        if (stage == null) {
            return null;
        }
        Proc s = stage;
        stage = null;
        int exit = s.stop(10);
        String summary = s.out().lines().filter(l -> l.startsWith("impair: stopped")).findFirst().orElse(null);
        if (exit != 0 || summary == null) {
            throw new AssertionError("the impairment stage ended with " + exit + " and no summary; stderr:\n" + s.err());
        }
        return summary;
    }

    /** The stage's last status line ({@code impair: S s; a>b in=.. out=.. ...}), or "" before its first. */
    synchronized String stageStatus() throws IOException {
        if (stage == null) {
            return "";
        }
        List<String> lines = stage.out().lines().filter(l -> l.startsWith("impair: ")).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
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

    /** The middle host of a three-host bed (where the stage runs); null on a two-host link. */
    Host middle() {
        return middle;
    }

    /** Stops the stage, if any, and deletes the namespaces (and with them links, TUNs, routes, rules); never throws. */
    @Override
    public void close() {
        synchronized (this) {
            if (stage != null) {
                stage.close();
                try {
                    stage.process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stage = null;
            }
        }
        List<Host> hosts = middle == null ? List.of(a, b) : List.of(a, middle, b);
        for (Host h : hosts) {
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
