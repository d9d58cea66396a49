package org.glasscast.bench.net;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * A TUN interface (layer 3, no packet-information header) opened non-blocking: what the kernel
 * routes into it is {@link #read}, what is {@link #write}n is received by the kernel as if it had
 * come in on it. The interface is usually made beforehand ({@code ip tuntap add NAME mode tun},
 * with its routes), so that it outlives this process; opening it attaches to it.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 */
final class TunDevice implements AutoCloseable {
    /** The largest IP packet. */
    static final int MAX_PACKET = 65_535;

    private static final int O_RDWR = 2;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final long TUNSETIFF = 0x400454caL; // _IOW('T', 202, int)
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final int IFNAMSIZ = 16;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int ioctl(int fd, long request, Pointer arg);

        long read(int fd, Pointer buf, long count);

        long write(int fd, Pointer buf, long count);

        int ppoll(Pointer fds, long nfds, Pointer timeout, Pointer sigmask);

        int close(int fd);

        String strerror(int errnum);

        int sched_setscheduler(int pid, int policy, Pointer param);
    }

    private final String name;
    private final int fd;
    private final Memory readBuffer = new Memory(MAX_PACKET);
    private final Memory writeBuffer = new Memory(MAX_PACKET);

    private TunDevice(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /** Attaches to TUN interface {@code name} (made if missing, then down and without routes). */
    static TunDevice open(String name) throws IOException {
        if (name.isEmpty() || name.length() >= IFNAMSIZ) {
            throw new IllegalArgumentException("TUN name '" + name + "': 1 to " + (IFNAMSIZ - 1) + " characters");
        }
        int fd = LibC.INSTANCE.open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            throw error("open /dev/net/tun");
        }
        Memory ifreq = new Memory(40); // struct ifreq: char ifr_name[16]; short ifr_flags; union padding
        ifreq.clear();
        ifreq.write(0, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, name.length());
        ifreq.setShort(IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI));
        if (LibC.INSTANCE.ioctl(fd, TUNSETIFF, ifreq) < 0) {
            IOException e = error("TUNSETIFF " + name);
            LibC.INSTANCE.close(fd);
            throw e;
        }
        return new TunDevice(name, fd);
    }

    String name() {
        return name;
    }

    /** The next packet the kernel routed here, in a new array; null when none is waiting. */
    byte[] read() throws IOException {
        while (true) {
            long n = LibC.INSTANCE.read(fd, readBuffer, MAX_PACKET);
            if (n >= 0) {
                return readBuffer.getByteArray(0, (int) n);
            }
            int errno = Native.getLastError();
            if (errno == EAGAIN) {
                return null;
            }
            if (errno != EINTR) {
                throw error(errno, "read " + name);
            }
        }
    }

    /** Hands a packet to the kernel as received on this interface. */
    void write(byte[] packet) throws IOException {
        writeBuffer.write(0, packet, 0, packet.length);
        while (LibC.INSTANCE.write(fd, writeBuffer, packet.length) < 0) {
            int errno = Native.getLastError();
            if (errno != EINTR) {
                throw error(errno, "write " + name);
            }
        }
    }

    /**
     * Waits until one of {@code devices} has a packet to read, at most {@code timeoutNanos};
     * returns a bit per device, set when it has.
     */
    static int awaitReadable(TunDevice[] devices, Memory pollFds, Memory timespec, long timeoutNanos)
            throws IOException {
        for (int i = 0; i < devices.length; i++) {
            pollFds.setInt(8L * i, devices[i].fd); // struct pollfd: int fd; short events; short revents
            pollFds.setShort(8L * i + 4, POLLIN);
            pollFds.setShort(8L * i + 6, (short) 0);
        }
        long t = Math.max(0, timeoutNanos);
        timespec.setLong(0, t / 1_000_000_000L); // struct timespec: time_t tv_sec; long tv_nsec
        timespec.setLong(8, t % 1_000_000_000L);
        int n = LibC.INSTANCE.ppoll(pollFds, devices.length, timespec, null);
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == EINTR) {
                return 0;
            }
            throw error(errno, "ppoll");
        }
        int ready = 0;
        for (int i = 0; i < devices.length; i++) {
            if (pollFds.getShort(8L * i + 6) != 0) {
                ready |= 1 << i;
            }
        }
        return ready;
    }

    /**
     * Puts the calling thread (pid 0 is the caller on Linux) under SCHED_FIFO at {@code priority}:
     * it then runs as soon as it wakes, ahead of every normal process, so a busy machine does not
     * delay packets beyond what was asked. Null when done, else why not.
     */
    static String realtime(int priority) {
        Memory param = new Memory(4); // struct sched_param: int sched_priority
        param.setInt(0, priority);
        if (LibC.INSTANCE.sched_setscheduler(0, 1 /* SCHED_FIFO */, param) < 0) {
            return LibC.INSTANCE.strerror(Native.getLastError());
        }
        return null;
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }

    private static IOException error(String what) {
        return error(Native.getLastError(), what);
    }

    private static IOException error(int errno, String what) {
        return new IOException(what + ": " + LibC.INSTANCE.strerror(errno));
    }
}
