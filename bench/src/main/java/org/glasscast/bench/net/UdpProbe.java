package org.glasscast.bench.net;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures a link one way and back with UDP probes: {@code echo PORT} returns every datagram with
 * its arrival time appended; {@code send HOST:PORT COUNT INTERVAL_MS CSV} sends COUNT probes
 * (sequence number, send time) at the interval and writes one CSV row per probe that came back:
 * {@code seq,sent_ns,echoed_ns,back_ns}. The times are {@link System#nanoTime()}, the machine's
 * monotonic clock, which every process on it shares: with both ends on one machine (in two
 * network namespaces) each one-way delay is read directly. Lost probes have no row.
 */
public final class UdpProbe {
    /** Printed by {@code echo} once it listens. */
    public static final String ECHOING = "udp-probe: echoing on ";
    private static final int PROBE_BYTES = 100;

    private UdpProbe() {
    }

    public static void main(String[] args) throws Exception {
        try {
            if (args.length == 2 && args[0].equals("echo")) {
                echo(Integer.parseInt(args[1]));
            } else if (args.length == 5 && args[0].equals("send")) {
                int colon = args[1].lastIndexOf(':');
                send(new InetSocketAddress(args[1].substring(0, colon), Integer.parseInt(args[1].substring(colon + 1))),
                        Integer.parseInt(args[2]), Double.parseDouble(args[3]), Path.of(args[4]));
            } else {
                throw new IllegalArgumentException("usage: echo PORT | send HOST:PORT COUNT INTERVAL_MS CSV");
            }
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            System.err.println("udp-probe: " + (e instanceof NumberFormatException || e instanceof StringIndexOutOfBoundsException
                    ? "bad argument (" + e.getMessage() + "); usage: echo PORT | send HOST:PORT COUNT INTERVAL_MS CSV"
                    : e.getMessage()));
            System.exit(2);
        }
    }

    private static void echo(int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket(port)) {
            warmUp(s);
            System.out.println(ECHOING + port);
            System.out.flush();
            byte[] buf = new byte[2048];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                long now = System.nanoTime();
                if (p.getLength() < 20) {
                    continue;
                }
                ByteBuffer.wrap(buf, 12, 8).putLong(now); // seq(4) sent(8) | echoed(8) | padding
                s.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
            }
        }
    }

    /**
     * A datagram too short to be a probe, to this socket over loopback: a cold JVM's first send
     * and receive (class loading, tens of ms) happen here, not on the first probe.
     */
    private static void warmUp(DatagramSocket s) throws IOException {
        byte[] one = new byte[1];
        s.send(new DatagramPacket(one, 1, new InetSocketAddress("127.0.0.1", s.getLocalPort())));
        s.setSoTimeout(1000);
        s.receive(new DatagramPacket(new byte[16], 16));
        s.setSoTimeout(0);
        ByteBuffer.allocate(20).putInt(0).putLong(System.nanoTime()).flip().getLong(4);
    }

    private static void send(InetSocketAddress to, int count, double intervalMillis, Path csv) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            warmUp(s);
            // the receiving loop only stamps and stores, so a probe's return time is not its predecessor's work
            long[] rows = new long[4 * count];
            int[] back = new int[1];
            Thread receiver = new Thread(() -> {
                byte[] buf = new byte[2048];
                try {
                    s.setSoTimeout(1500); // after the last probe: whatever is still on its way
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        s.receive(p);
                        long now = System.nanoTime();
                        if (p.getLength() < 20 || back[0] == count) {
                            continue;
                        }
                        ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength());
                        int row = 4 * back[0]++;
                        rows[row] = b.getInt();
                        rows[row + 1] = b.getLong();
                        rows[row + 2] = b.getLong();
                        rows[row + 3] = now;
                    }
                } catch (SocketTimeoutException done) {
                    // nothing more came
                } catch (IOException e) {
                    System.err.println("udp-probe: " + e.getMessage());
                }
            }, "udp-probe-receive");
            receiver.start();
            long start = System.nanoTime();
            long interval = (long) (intervalMillis * 1e6);
            byte[] probe = new byte[PROBE_BYTES];
            for (int seq = 0; seq < count; seq++) {
                long due = start + seq * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                ByteBuffer.wrap(probe).putInt(seq).putLong(System.nanoTime());
                s.send(new DatagramPacket(probe, probe.length, to));
            }
            receiver.join();
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
                w.println("seq,sent_ns,echoed_ns,back_ns");
                for (int i = 0; i < back[0]; i++) {
                    w.println(rows[4 * i] + "," + rows[4 * i + 1] + "," + rows[4 * i + 2] + "," + rows[4 * i + 3]);
                }
            }
            System.out.println("udp-probe: sent " + count + ", back " + back[0]);
        }
    }
}
