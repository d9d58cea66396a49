package org.glasscast.sender.source.ffmpeg;

import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's interrupt callback ({@code AVFormatContext.interrupt_callback}): tells a blocking
 * open or read to give up when the input is closed from another thread, or when the current
 * deadline has passed. FFmpeg calls it from the thread that is blocked, often; it only reads
 * volatile fields. The owner frees it ({@link #close}) after {@code avformat_close_input}.
 */
final class IoInterrupt extends AVIOInterruptCB.Callback_Pointer {
    private final BooleanSupplier closed;
    private volatile long deadlineNanos;
    private volatile boolean expired;
    private volatile long lastTimeoutNanos;

    IoInterrupt(BooleanSupplier closed) {
        super(); // allocates the native thunk
        this.closed = closed;
    }

    /** Arms a deadline {@code timeoutNanos} from now for the next call; 0 disarms it. */
    void deadline(long timeoutNanos) {
        expired = false;
        if (timeoutNanos > 0) {
            lastTimeoutNanos = timeoutNanos;
        }
        deadlineNanos = timeoutNanos == 0 ? 0 : System.nanoTime() + timeoutNanos;
    }

    /** Whether the last failure came from our deadline, not from FFmpeg. */
    boolean expired() {
        return expired;
    }

    long lastTimeoutNanos() {
        return lastTimeoutNanos;
    }

    @Override
    public int call(Pointer opaque) {
        if (closed.getAsBoolean()) {
            return 1;
        }
        long deadline = deadlineNanos;
        if (deadline != 0 && System.nanoTime() - deadline > 0) {
            expired = true;
            return 1;
        }
        return 0;
    }
}
