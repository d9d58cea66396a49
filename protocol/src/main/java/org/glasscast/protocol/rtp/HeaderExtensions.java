package org.glasscast.protocol.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Finds elements of RFC 8285 one-byte-header extensions (profile 0xBEDE) inside an RTP packet.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       0xBE    |    0xDE       |           length=3            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       ...data   |    0 (pad)    |    0 (pad)    |  ID   | L=3   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          data                                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Element length is L+1 bytes; zero bytes between elements are padding; ID 15 stops parsing. The
 * two-byte form (profile 0x100X) and any other profile are not read: lookups return -1. Safe on
 * arbitrary bytes: malformed extensions give -1, never an exception.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8285#section-4.2">RFC 8285 §4.2</a>
 */
public final class HeaderExtensions {
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** ID 15 is reserved: parsing stops there. */
    public static final int STOP_ID = 15;

    private HeaderExtensions() {
    }

    /** Absolute buffer index of the data of element {@code id} (1..14), or -1 if absent or malformed. */
    public static int find(ByteBuf packet, int id) {
        long found = scan(packet, id);
        return found < 0 ? -1 : (int) (found >>> 8);
    }

    /** Data length (1..16 bytes) of element {@code id}, or -1 if absent or malformed. */
    public static int length(ByteBuf packet, int id) {
        long found = scan(packet, id);
        return found < 0 ? -1 : (int) (found & 0xFF);
    }

    /** (index << 8 | length) of the element, or -1. */
    private static long scan(ByteBuf p, int id) {
        if (id < 1 || id > 14 || !RtpHeader.isValid(p) || !RtpHeader.hasExtension(p)) {
            return -1;
        }
        int start = p.readerIndex() + RtpHeader.extensionOffset(p);
        if (p.getUnsignedShort(start) != ONE_BYTE_PROFILE) {
            return -1;
        }
        int i = start + RtpHeader.EXTENSION_HEADER_LENGTH;
        int end = i + 4 * p.getUnsignedShort(start + 2);
        while (i < end) {
            int b = p.getUnsignedByte(i);
            if (b == 0) {
                i++; // padding between elements
                continue;
            }
            int elementId = b >> 4;
            if (elementId == STOP_ID) {
                return -1;
            }
            int length = (b & 0x0F) + 1;
            if (i + 1 + length > end) {
                return -1; // element runs past the extension block
            }
            if (elementId == id) {
                return ((long) (i + 1) << 8) | length;
            }
            i += 1 + length;
        }
        return -1;
    }
}
