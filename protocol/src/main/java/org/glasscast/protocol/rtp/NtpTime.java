package org.glasscast.protocol.rtp;

/**
 * 64-bit NTP timestamps (UQ32.32 seconds since 1900-01-01) as RTCP and abs-capture-time carry them.
 *
 * <p>The 32-bit seconds field wraps in February 2036; as RFC 4330 §3 says, a value whose top bit
 * is clear is read as era 1 (2036-2104), one whose top bit is set as era 0 (1968-2036).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5905#section-6">RFC 5905 §6</a>
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long ERA_SECONDS = 1L << 32;

    private NtpTime() {
    }

    /** NTP time of microseconds since the Unix epoch, fraction rounded to nearest. */
    public static long fromUnixMicros(long micros) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND) + UNIX_EPOCH_NTP_SECONDS;
        long fraction = ((Math.floorMod(micros, MICROS_PER_SECOND) << 32) + MICROS_PER_SECOND / 2) / MICROS_PER_SECOND;
        return (seconds << 32) + fraction;
    }

    /** Microseconds since the Unix epoch of an NTP time, rounded to nearest; exact inverse of {@link #fromUnixMicros}. */
    public static long toUnixMicros(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += ERA_SECONDS; // RFC 4330 §3: era 1
        }
        long micros = (fraction * MICROS_PER_SECOND + (1L << 31)) >>> 32;
        return (seconds - UNIX_EPOCH_NTP_SECONDS) * MICROS_PER_SECOND + micros;
    }

    /** The middle 32 bits (UQ16.16 seconds), as RTCP LSR and DLSR carry them, unsigned in an int. */
    public static int compact(long ntp) {
        return (int) (ntp >>> 16);
    }
}
