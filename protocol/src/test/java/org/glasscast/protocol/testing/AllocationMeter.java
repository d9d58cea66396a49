package org.glasscast.protocol.testing;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes the current thread allocates, from HotSpot's per-thread counter: a test can bound
 * what a decoder allocates for an input, whatever its length fields claim.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private AllocationMeter() {
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadAllocatedMemoryEnabled(true);
            return bean;
        }
        return null;
    }

    /** Whether this JVM counts per-thread allocation; without it {@link #allocatedBytes} is always 0. */
    public static boolean supported() {
        return THREADS != null;
    }

    /** Bytes the current thread has allocated so far (monotonic), or 0 if not {@link #supported}. */
    public static long allocatedBytes() {
        return THREADS == null ? 0 : THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
