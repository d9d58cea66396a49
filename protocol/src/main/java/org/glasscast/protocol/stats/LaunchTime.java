package org.glasscast.protocol.stats;

import java.time.Instant;

/**
 * When the user launched this process, for start-up figures ("first picture after 612 ms"): the
 * time stamp the launcher ({@code ./glasscast}) or the bench takes just before it starts the JVM,
 * passed as the system property {@value #PROPERTY} (µs since the epoch); without it, the
 * process's start as the kernel records it (in 10 ms steps), so the JVM's own start is counted
 * either way.
 */
public final class LaunchTime {
    /** System property: the launch instant in µs since the epoch. */
    public static final String PROPERTY = "glasscast.launched";

    private static final long LAUNCHED_MICROS = read();

    private LaunchTime() {
    }

    private static long read() {
        String v = System.getProperty(PROPERTY);
        if (v != null) {
            try {
                long micros = Long.parseLong(v.trim());
                if (micros > 0) {
                    return micros;
                }
            } catch (NumberFormatException ignored) {
                // fall back to the process's start
            }
        }
        return ProcessHandle.current().info().startInstant().map(LaunchTime::micros).orElse(0L);
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    /** The launch in µs since the epoch; 0 when unknown. */
    public static long launchedMicros() {
        return LAUNCHED_MICROS;
    }

    /** Milliseconds from the launch to {@code unixMicros}; NaN when the launch is unknown. */
    public static double millisUntil(long unixMicros) {
        return LAUNCHED_MICROS == 0 ? Double.NaN : (unixMicros - LAUNCHED_MICROS) / 1000.0;
    }

    /** Milliseconds from the launch until now; NaN when the launch is unknown. */
    public static double millisSinceLaunch() {
        return millisUntil(micros(Instant.now()));
    }
}
