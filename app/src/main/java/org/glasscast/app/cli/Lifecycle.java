package org.glasscast.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closes a running side exactly once, from the command's own thread or from Ctrl-C / SIGTERM.
 * On a signal the hook closes it, which ends the command's wait; the JVM halts as soon as the
 * hook returns, so the hook then waits (bounded) for the command's thread to finish its own
 * clean-up (the window's frame log, the window itself, the final stats line).
 */
final class Lifecycle implements AutoCloseable {
    /** How long a signal waits for the command's thread; then the JVM exits anyway. */
    private static final long CLEANUP_SECONDS = 5;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Lifecycle(AutoCloseable close) {
        hook = new Thread(() -> {
            try {
                close.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            try {
                finished.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gc-shutdown");
    }

    /** Registers {@code close} to run on Ctrl-C or SIGTERM until {@link #close} is called. */
    static Lifecycle onInterrupt(AutoCloseable close) {
        Lifecycle l = new Lifecycle(close);
        Runtime.getRuntime().addShutdownHook(l.hook);
        return l;
    }

    /** The command's thread has cleaned up: a signal from now on has nothing to wait for. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal: the hook is running and was waiting for this
        }
    }
}
