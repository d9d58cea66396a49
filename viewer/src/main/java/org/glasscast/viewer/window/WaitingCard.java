package org.glasscast.viewer.window;

import java.util.Objects;
import java.util.function.LongSupplier;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * The words of the card the window shows while the viewer waits for its stream (issue 11):
 * what it waits for, why, and for how long, from {@link ViewerStats#waitingSinceNanos} and
 * {@link ViewerStats#waitingCause}. The card goes as soon as the stream plays again, or a
 * picture that arrived after the window saw the wait begin is shown (pictures flow again
 * whenever the viewer says so). Render thread only.
 */
final class WaitingCard {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final ViewerStats stats;
    private final LongSupplier nanoTime;
    private final String streamName;
    /** The wait the window saw last ({@link ViewerStats#waitingSinceNanos}), and when it saw it (nanoTime). */
    private long seenWait;
    private long seenAtNanos;
    /** Arrival (nanoTime) of the last picture shown; valid once {@link #anyShown}. */
    private long lastShownArrivalNanos;
    private boolean anyShown;
    private String text;
    private String builtCause;
    private long builtSeconds = -1;

    /** @param streamName what the viewer waits for, as its title shows it (password redacted) */
    WaitingCard(ViewerStats stats, LongSupplier nanoTime, String streamName) {
        this.stats = stats;
        this.nanoTime = nanoTime;
        this.streamName = streamName;
    }

    /** A picture that arrived at {@code arrivalNanos} went on screen. */
    void shown(long arrivalNanos) {
        lastShownArrivalNanos = arrivalNanos;
        anyShown = true;
    }

    /**
     * The card's lines ('\n' between them; the first says what it waits for), or null when no card
     * is shown. The same string until a line changes (at most once a second).
     */
    String text() {
        long since = stats.waitingSinceNanos;
        long now = nanoTime.getAsLong();
        if (since == 0) {
            seenWait = 0;
            return null;
        }
        if (since != seenWait) {
            seenWait = since;
            seenAtNanos = now;
        }
        if (anyShown && lastShownArrivalNanos - seenAtNanos > 0) {
            return null; // pictures flow again before the viewer has said so
        }
        String cause = stats.waitingCause;
        long seconds = Math.max(0, (now - since) / SECOND_NANOS);
        if (text == null || seconds != builtSeconds || !Objects.equals(cause, builtCause)) {
            builtSeconds = seconds;
            builtCause = cause;
            text = "waiting for " + streamName + "\n" + (cause == null || cause.isBlank() ? "connecting" : cause)
                    + "\nfor " + duration(seconds);
        }
        return text;
    }

    /** "7 s", "2 min 05 s", "3 h 04 min": the wait as a person reads it at a glance. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d h %02d min", seconds / 3600, seconds / 60 % 60);
    }

    /** The stream's name in a window title such as "glasscast — rtsp://host:8554/live": what follows the dash. */
    static String streamName(String title) {
        int dash = title.indexOf(" \u2014 ");
        return dash < 0 ? title : title.substring(dash + 3);
    }
}
