package org.glasscast.bench.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Three hosts in a row, as network namespaces: A ↔ middle ↔ B, where everything A and B send
 * each other crosses {@link ImpairStage} in the middle, every flow alike (UDP, TCP, ICMP). This
 * class is the plan: the commands that make it, and the addresses; whoever runs them (a test's
 * namespace helper, the bench) also deletes the namespaces after, which takes everything with them.
 *
 * <pre>
 *   A gc0 10.213.N.1/25 ── ga 10.213.N.2 [middle] gb 10.213.N.130 ── gc0 10.213.N.129/25 B
 *                                  │  ▲                  │  ▲
 *         from ga (table 101) ─────┘  └─ gcab (TUN) ─────┘  └───── gcba (TUN) (table 102) from gb
 * </pre>
 *
 * <p>Routing in the middle only: a packet that comes in on {@code ga} (from A) is routed by policy
 * rule {@code iif ga lookup 101}, whose one route sends B's half into TUN {@code gcab}; the stage
 * reads it there and, when due, writes it back to {@code gcab}, where the kernel receives it as
 * coming in on {@code gcab}, so no rule applies and the main table sends it out on {@code gb} to B.
 * B → A the same through {@code gcba}. No packet can loop: only packets that came in on the veths
 * are routed into a TUN, and those from a TUN only ever go to a veth (the TUNs have no addresses
 * and the main table no route through them). Reverse-path filtering is off in the middle (a
 * packet from A comes back in on a TUN, not on A's link); IPv6 is off in all three, so nothing but
 * A's and B's own traffic crosses the stage. A and B have a route to each other's half only, so an
 * address outside 10.213.N.0/24 is unrouted from them, as on the two-host link. Each packet is
 * forwarded twice in the middle, so its TTL drops by 2.
 *
 * <p>The TUN interfaces are made persistent ({@code ip tuntap add}) with their routes before the
 * stage runs; a stage attaches to them, so it can be stopped and started again with other figures
 * while the link stays. With no stage attached, nothing crosses.
 */
public final class ImpairedBed {
    /** The middle's TUN of packets towards B. */
    public static final String TUN_AB = "gcab";
    /** The middle's TUN of packets towards A. */
    public static final String TUN_BA = "gcba";
    private static final String TABLE_AB = "101";
    private static final String TABLE_BA = "102";

    private final String a;
    private final String middle;
    private final String b;
    private final String net;

    /**
     * @param subnet N of 10.213.N.0/24, 1 to 254: A and its link get the lower half, B the upper
     */
    public ImpairedBed(String nsA, String nsMiddle, String nsB, int subnet) {
        if (subnet < 1 || subnet > 254) {
            throw new IllegalArgumentException("subnet " + subnet + ": 1 to 254");
        }
        this.a = nsA;
        this.middle = nsMiddle;
        this.b = nsB;
        this.net = "10.213." + subnet + ".";
    }

    public String addressA() {
        return net + "1";
    }

    public String addressB() {
        return net + "129";
    }

    /** The middle's address on A's link (its address on B's link is {@code .130}). */
    public String middleAddressA() {
        return net + "2";
    }

    public String middleAddressB() {
        return net + "130";
    }

    /** The commands that make the bed, in order, each to run to success. */
    public List<List<String>> setUpCommands() {
        String halfA = net + "0/25";
        String halfB = net + "128/25";
        List<List<String>> c = new ArrayList<>();
        for (String ns : List.of(a, middle, b)) {
            c.add(List.of("ip", "netns", "add", ns));
            c.add(List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1"));
        }
        c.add(List.of("ip", "netns", "exec", middle, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
                "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"));
        // made inside the namespaces, so the same names in other beds never clash
        c.add(List.of("ip", "link", "add", "gc0", "netns", a, "type", "veth", "peer", "name", "ga", "netns", middle));
        c.add(List.of("ip", "link", "add", "gc0", "netns", b, "type", "veth", "peer", "name", "gb", "netns", middle));
        c.add(ip(a, "addr", "add", addressA() + "/25", "dev", "gc0"));
        c.add(ip(b, "addr", "add", addressB() + "/25", "dev", "gc0"));
        c.add(ip(middle, "addr", "add", middleAddressA() + "/25", "dev", "ga"));
        c.add(ip(middle, "addr", "add", middleAddressB() + "/25", "dev", "gb"));
        for (String[] link : new String[][] {{a, "gc0"}, {b, "gc0"}, {middle, "ga"}, {middle, "gb"},
                {a, "lo"}, {b, "lo"}, {middle, "lo"}}) {
            c.add(ip(link[0], "link", "set", link[1], "up"));
        }
        c.add(ip(a, "route", "add", halfB, "via", middleAddressA()));
        c.add(ip(b, "route", "add", halfA, "via", middleAddressB()));
        for (String tun : List.of(TUN_AB, TUN_BA)) {
            c.add(ip(middle, "tuntap", "add", "dev", tun, "mode", "tun"));
            c.add(ip(middle, "link", "set", tun, "up"));
        }
        c.add(ip(middle, "route", "add", halfB, "dev", TUN_AB, "table", TABLE_AB));
        c.add(ip(middle, "route", "add", halfA, "dev", TUN_BA, "table", TABLE_BA));
        c.add(ip(middle, "rule", "add", "iif", "ga", "lookup", TABLE_AB, "priority", "100"));
        c.add(ip(middle, "rule", "add", "iif", "gb", "lookup", TABLE_BA, "priority", "100"));
        return c;
    }

    /**
     * {@code java -cp CLASSPATH ImpairStage ARGS} as run in the middle ({@code ip netns exec}),
     * with a small heap, since what it holds is bounded by its options. The whole JVM runs under
     * SCHED_FIFO 5 ({@code chrt}), its forwarding thread at 10 (the stage's {@code --realtime}),
     * so that other work on a busy machine does not hold packets back: under a load of 5 on 2
     * cores, probes through a stage at normal priority met stalls of 50–200 ms; at real-time
     * priority the stage's own lateness stayed within 1.4 ms (at a load of 2: 3.2 ms at normal
     * priority, 0.9 ms at real-time priority, 1,600 packets each way). The whole JVM, not the thread alone: a safepoint (GC, deoptimization) stops the
     * forwarding thread until the VM thread is done, and that one must not wait behind the load
     * either. C1 only: less compiling. The stage's CPU time is small, far from the kernel's
     * real-time budget (95 % of each second), so it never starves the machine.
     */
    public List<String> stageCommand(String java, String classPath, List<String> stageArguments) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", middle, "chrt", "-f", "5", java,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx96m", "-cp", classPath, ImpairStage.class.getName()));
        c.addAll(stageArguments);
        return c;
    }

    private static List<String> ip(String ns, String... args) {
        List<String> c = new ArrayList<>(List.of("ip", "-n", ns));
        c.addAll(List.of(args));
        return c;
    }
}
