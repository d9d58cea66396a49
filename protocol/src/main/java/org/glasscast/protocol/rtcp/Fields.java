package org.glasscast.protocol.rtcp;

/** Argument checks shared by the records. */
final class Fields {
    /** Report blocks or sources in one packet: the 5-bit count field. */
    static final int MAX_COUNT = 31;

    private Fields() {
    }

    static void checkUnsigned32(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " not unsigned 32-bit: " + value);
        }
    }

    static void checkCount(String name, int count) {
        if (count > MAX_COUNT) {
            throw new IllegalArgumentException("more than 31 " + name + ": " + count);
        }
    }
}
