package org.glasscast.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closes a running side exactly once, from the command's own thread or from Ctrl-C / SIGTERM.
 * On a signal the hook closes it, which ends the command's wait; the JVM halts as soon as the
 * hook returns, so the hook then waits (bounded) for the command to finish its own clean-up (the
 * window's frame log, the window itself, the recording, the final stats line) and for its exit
 * code.
 *
 * <p>A stop by Ctrl-C or SIGTERM is a stop on purpose: the process exits with the code the
 * command returned, as if it had ended by itself (0 when everything was closed and saved, 1 when
 * something failed), not the JVM's 130/143. Only a clean-up that takes longer than
 * {@value #CLEANUP_SECONDS} s leaves the JVM's own code.
 */
public final class Lifecycle implements AutoCloseable {
    /** How long a signal waits for the command's thread; then the JVM exits anyway. */
    private static final long CLEANUP_SECONDS = 5;

    /** Counted down once {@link #exit} knows the process's exit code. */
    private static final CountDownLatch EXIT_KNOWN = new CountDownLatch(1);
    private static volatile int exitCode;

    private final Thread hook;

    private Lifecycle(AutoCloseable close) {
        hook = new Thread(() -> {
            try {
                close.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            try {
                if (EXIT_KNOWN.await(CLEANUP_SECONDS, TimeUnit.SECONDS)) {
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(exitCode);
                }
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

    /**
     * Ends the process with {@code code}. During a stop by signal the JVM is already shutting down
     * and {@link System#exit} would wait forever; the signal's hook takes the code and exits with it.
     */
    public static void exit(int code) {
        exitCode = code;
        EXIT_KNOWN.countDown();
        System.exit(code);
    }

    /** The command's thread has cleaned up: a signal from now on has nothing to wait for. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal: the hook is running and waits for the exit code
        }
    }
}
