package org.glasscast.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The physical ceiling for a stream of datagrams on this machine's loopback, measured in the same
 * run as the stream (as iperf3 -u would): one thread sends datagrams of a given size as fast as it
 * can, another receives them with the same 4 MiB buffer our viewer asks for; what arrives per
 * second is the ceiling.
 */
final class UdpCeiling {
    /** Datagrams and bytes received per second. */
    record Result(int datagramBytes, double datagramsPerSecond, double megabytesPerSecond, double lossPercent) {
    }

    private UdpCeiling() {
    }

    static Result measure(int datagramBytes, double seconds) throws IOException, InterruptedException {
        try (DatagramChannel rx = DatagramChannel.open(); DatagramChannel tx = DatagramChannel.open()) {
            rx.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            rx.bind(new InetSocketAddress("127.0.0.1", 0));
            tx.connect(rx.getLocalAddress());
            AtomicBoolean running = new AtomicBoolean(true);
            long[] received = new long[1];
            Thread receiver = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
                try {
                    rx.configureBlocking(true);
                    while (running.get()) {
                        buf.clear();
                        rx.receive(buf);
                        received[0]++;
                    }
                } catch (IOException e) {
                    // closed at the end
                }
            }, "bench-udp-rx");
            receiver.setDaemon(true);
            receiver.start();
            ByteBuffer out = ByteBuffer.allocateDirect(datagramBytes);
            long sent = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long receivedAtEnd;
            while (System.nanoTime() < end) {
                out.clear();
                try {
                    tx.write(out);
                    sent++;
                } catch (IOException e) {
                    // ENOBUFS on a full queue: a datagram lost, as UDP would
                    sent++;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(200); // what is in flight arrives
            receivedAtEnd = received[0];
            running.set(false);
            rx.close();
            receiver.join(1000);
            double perSecond = receivedAtEnd / elapsed;
            return new Result(datagramBytes, perSecond, perSecond * datagramBytes / 1e6,
                    sent == 0 ? 0 : 100.0 * (sent - receivedAtEnd) / sent);
        }
    }
}
