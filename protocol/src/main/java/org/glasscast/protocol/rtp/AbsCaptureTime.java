package org.glasscast.protocol.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The abs-capture-time header extension: the 64-bit NTP time the frame was captured, on the sender's clock.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | len=7 |     absolute capture timestamp (bit 0-23)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             absolute capture timestamp (bit 24-55)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ... (56-63)  |   (len=15: estimated capture clock offset, 64 bits, ignored here)
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @see <a href="http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time">abs-capture-time</a>
 */
public final class AbsCaptureTime {
    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
    public static final int DEFAULT_ID = 1;
    /** Element data length without the clock offset. */
    public static final int LENGTH = 8;
    /** Element data length with the estimated capture clock offset. */
    public static final int LENGTH_WITH_OFFSET = 16;

    private AbsCaptureTime() {
    }

    /** The NTP capture time in element {@code id}, or 0 if absent or not 8/16 bytes long. Safe on any bytes. */
    public static long read(ByteBuf packet, int id) {
        int index = HeaderExtensions.find(packet, id);
        if (index < 0) {
            return 0;
        }
        int length = HeaderExtensions.length(packet, id);
        return length == LENGTH || length == LENGTH_WITH_OFFSET ? packet.getLong(index) : 0;
    }
}
