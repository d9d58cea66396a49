package org.glasscast.bench.net;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The impairment stage: forwards every packet between two hosts through two TUN interfaces of
 * the middle host (one per direction), delaying, jittering, reordering and dropping it as asked
 * ({@link Impairment}). One thread reads both interfaces and writes each packet back to the one it
 * came from when it is due; the middle's routing ({@link ImpairedBed}) sends what comes back out
 * of a TUN to its destination. Prints one status line a second and a summary at exit (SIGTERM
 * included) on stdout; a bad argument is one line on stderr and exit code 2.
 *
 * <pre>java -cp CLASSPATH org.glasscast.bench.net.ImpairStage --delay 20 --jitter 10 --loss 0,1</pre>
 */
@Command(name = "impair-stage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forward packets between TUN interfaces AB (towards B) and BA (towards A), each after a"
                + " one-way delay plus jitter drawn per packet (so packets reorder as on a real path), losing some.",
                "Each impairment takes one value for both directions, or two: A->B,B->A."})
public final class ImpairStage implements Runnable {
    /** Printed once both interfaces are attached: from here on packets cross the stage. */
    public static final String READY = "impair: forwarding";
    private static final long STATUS_NANOS = 1_000_000_000L;
    /** Longest wait in ppoll, so a stop is seen at once even on an idle link. */
    private static final long MAX_WAIT_NANOS = 50_000_000L;
    /** Packets read from one interface per wake-up, so the other one and due packets get their turn. */
    private static final int READ_BATCH = 64;

    @Option(names = "--delay", split = ",", paramLabel = "MS", description = "one-way delay, ms (default 0)")
    List<Double> delay = List.of(0.0);
    @Option(names = "--jitter", split = ",", paramLabel = "MS",
            description = "uniform: delay ± this (≤ delay); normal: its standard deviation (default 0)")
    List<Double> jitter = List.of(0.0);
    @Option(names = "--distribution", split = ",", paramLabel = "uniform|normal", description = "of the jitter (default uniform)")
    List<String> distribution = List.of("uniform");
    @Option(names = "--no-reorder", description = "packets leave in the order they came (delays then add up a little)")
    boolean noReorder;
    @Option(names = "--loss", split = ",", paramLabel = "PERCENT", description = "random loss (default 0)")
    List<Double> loss = List.of(0.0);
    @Option(names = "--burst", split = ",", paramLabel = "N/S", description = "N packets lost in a row every S seconds")
    List<String> burst = List.of("0/0");
    @Option(names = "--max-packets", paramLabel = "N", description = "held per direction at most; beyond, dropped and counted (default ${DEFAULT-VALUE})")
    int maxPackets = 20_000;
    @Option(names = "--max-bytes", paramLabel = "BYTES", description = "held per direction at most (default ${DEFAULT-VALUE})")
    long maxBytes = 16L << 20;
    @Option(names = "--tun-ab", paramLabel = "NAME", description = "TUN interface of packets towards B (default ${DEFAULT-VALUE})")
    String tunAb = ImpairedBed.TUN_AB;
    @Option(names = "--tun-ba", paramLabel = "NAME", description = "TUN interface of packets towards A (default ${DEFAULT-VALUE})")
    String tunBa = ImpairedBed.TUN_BA;
    @Option(names = "--realtime", paramLabel = "PRIORITY", description = "SCHED_FIFO priority of the forwarding"
            + " thread, so packets leave on time on a busy machine; 0 for normal scheduling (default ${DEFAULT-VALUE})")
    int realtime = 10;
    @Option(names = "--seed", paramLabel = "N", description = "of the random draws (default: from the clock)")
    Long seed;

    private final PrintStream out = System.out;
    private volatile boolean stopping;
    private volatile boolean failed;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ImpairStage());
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("impair: " + e.getMessage() + " (--help lists the options)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof IllegalArgumentException) {
                System.err.println("impair: " + e.getMessage());
                return 2;
            }
            System.err.println("impair: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }

    /** The two directions' impairments from the options: index 0 towards B, 1 towards A. */
    Impairment[] impairments() {
        Impairment[] dirs = new Impairment[2];
        for (int d = 0; d < 2; d++) {
            String[] b = pick(burst, d, "--burst").split("/", -1);
            int burstPackets;
            double burstSeconds;
            try {
                if (b.length != 2) {
                    throw new NumberFormatException();
                }
                burstPackets = Integer.parseInt(b[0].strip());
                burstSeconds = Double.parseDouble(b[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--burst " + pick(burst, d, "--burst")
                        + ": N/S, N packets lost in a row every S seconds, e.g. 20/3");
            }
            dirs[d] = new Impairment(pick(delay, d, "--delay"), pick(jitter, d, "--jitter"),
                    distribution(pick(distribution, d, "--distribution")), noReorder, pick(loss, d, "--loss"),
                    burstPackets, burstSeconds * 1000);
        }
        return dirs;
    }

    @Override
    public void run() {
        Impairment[] dirs = impairments();
        if (maxPackets < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("--max-packets and --max-bytes must be ≥ 1");
        }
        if (realtime < 0 || realtime > 99) {
            throw new IllegalArgumentException("--realtime " + realtime + ": 1 to 99, or 0 for normal scheduling");
        }
        SplittableRandom random = new SplittableRandom(seed != null ? seed : System.nanoTime());
        long start = System.nanoTime();
        DelayLine[] lines = {
            new DelayLine(dirs[0], random.split(), maxPackets, maxBytes, start),
            new DelayLine(dirs[1], random.split(), maxPackets, maxBytes, start)};
        TunDevice[] tuns = new TunDevice[2];
        try {
            tuns[0] = TunDevice.open(tunAb);
            tuns[1] = TunDevice.open(tunBa);
        } catch (IOException e) {
            closeAll(tuns);
            throw new IllegalStateException(e.getMessage() + " (the stage needs root and /dev/net/tun)", e);
        }
        // SIGTERM or Ctrl-C is a stop on purpose: once the loop has printed its summary the JVM
        // exits 0 (1 if forwarding failed), as glasscast's own commands do, not with 143
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            try {
                if (stopped.await(2, TimeUnit.SECONDS)) {
                    System.err.flush();
                    Runtime.getRuntime().halt(failed ? 1 : 0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "impair-stop"));
        String scheduling = "normal scheduling";
        if (realtime > 0) {
            String refused = TunDevice.realtime(realtime);
            scheduling = refused == null ? "SCHED_FIFO " + realtime : "normal scheduling (SCHED_FIFO refused: " + refused + ")";
        }
        out.println(READY + " " + tunAb + " (a>b: " + dirs[0] + "), " + tunBa + " (b>a: " + dirs[1] + "); "
                + scheduling);
        out.flush();
        long[] writeErrors = new long[2];
        try {
            forward(tuns, lines, writeErrors, start);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            closeAll(tuns);
            out.printf(Locale.ROOT, "impair: stopped after %.1f s; %s%n", (System.nanoTime() - start) / 1e9,
                    status(lines, writeErrors));
            out.flush();
            stopped.countDown();
        }
    }

    /** The loop: release what is due, wait for a packet or the next due time, read, report. */
    private void forward(TunDevice[] tuns, DelayLine[] lines, long[] writeErrors, long start) throws IOException {
        // a stage whose starter died (a killed test run) would otherwise forward on in a namespace nobody owns
        long parent = parentPid();
        Memory pollFds = new Memory(8L * tuns.length);
        Memory timespec = new Memory(16);
        long nextStatus = start + STATUS_NANOS;
        while (!stopping) {
            long now = System.nanoTime();
            long wakeAt = Math.min(nextStatus, now + MAX_WAIT_NANOS);
            for (int d = 0; d < 2; d++) {
                for (byte[] p = lines[d].poll(now); p != null; p = lines[d].poll(now)) {
                    try {
                        tuns[d].write(p);
                    } catch (IOException e) {
                        writeErrors[d]++; // a packet the kernel refuses is lost, as on a wire
                    }
                }
                wakeAt = Math.min(wakeAt, lines[d].nextReleaseNanos());
            }
            int ready = TunDevice.awaitReadable(tuns, pollFds, timespec, wakeAt - System.nanoTime());
            for (int d = 0; d < 2; d++) {
                if ((ready & (1 << d)) == 0) {
                    continue;
                }
                byte[] p;
                for (int i = 0; i < READ_BATCH && (p = tuns[d].read()) != null; i++) {
                    lines[d].offer(p, System.nanoTime());
                }
            }
            now = System.nanoTime();
            if (now >= nextStatus) {
                out.printf(Locale.ROOT, "impair: %d s; %s%n", (now - start) / STATUS_NANOS, status(lines, writeErrors));
                out.flush();
                nextStatus += STATUS_NANOS * ((now - nextStatus) / STATUS_NANOS + 1);
                if (parentPid() != parent) {
                    out.println("impair: the process that started the stage is gone; stopping");
                    return;
                }
            }
        }
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    private static String status(DelayLine[] lines, long[] writeErrors) {
        return "a>b " + lines[0].counts() + " failed=" + writeErrors[0] + "; b>a " + lines[1].counts()
                + " failed=" + writeErrors[1];
    }

    private static void closeAll(TunDevice[] tuns) {
        for (TunDevice t : tuns) {
            if (t != null) {
                t.close();
            }
        }
    }

    private static <T> T pick(List<T> values, int direction, String option) {
        if (values.size() == 1) {
            return values.get(0);
        }
        if (values.size() == 2) {
            return values.get(direction);
        }
        throw new IllegalArgumentException(option + ": one value for both directions, or two (A->B,B->A), not "
                + values.size());
    }

    private static Impairment.Distribution distribution(String name) {
        for (Impairment.Distribution d : Impairment.Distribution.values()) {
            if (d.name().equalsIgnoreCase(name.strip())) {
                return d;
            }
        }
        throw new IllegalArgumentException("--distribution " + name + ": uniform or normal");
    }

    /** The stage's options for these impairments (towards B, towards A), as {@code main} reads them. */
    public static List<String> arguments(Impairment towardsB, Impairment towardsA) {
        if (towardsB.keepOrder() != towardsA.keepOrder()) {
            throw new IllegalArgumentException("--no-reorder applies to both directions");
        }
        List<String> a = new ArrayList<>(List.of(
                "--delay", pair(towardsB, towardsA, i -> Impairment.number(i.delayMillis())),
                "--jitter", pair(towardsB, towardsA, i -> Impairment.number(i.jitterMillis())),
                "--distribution", pair(towardsB, towardsA, i -> i.distribution().name().toLowerCase(Locale.ROOT)),
                "--loss", pair(towardsB, towardsA, i -> Impairment.number(i.lossPercent())),
                "--burst", pair(towardsB, towardsA,
                        i -> i.burstPackets() + "/" + Impairment.number(i.burstEveryMillis() / 1000))));
        if (towardsB.keepOrder()) {
            a.add("--no-reorder");
        }
        return a;
    }

    private static String pair(Impairment towardsB, Impairment towardsA, Function<Impairment, String> value) {
        return value.apply(towardsB) + "," + value.apply(towardsA);
    }
}
