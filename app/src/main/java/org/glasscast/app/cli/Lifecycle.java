package org.glasscast.app.cli;

/** Closes a running side exactly once, from the command's own thread or from Ctrl-C. */
final class Lifecycle {
    private Lifecycle() {
    }

    /** Registers {@code close} to run on Ctrl-C; the returned hook is removed by {@link #done}. */
    static Thread onInterrupt(AutoCloseable close) {
        Thread hook = new Thread(() -> {
            try {
                close.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "gc-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void done(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is closing it already
        }
    }
}
