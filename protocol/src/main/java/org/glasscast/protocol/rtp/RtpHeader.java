package org.glasscast.protocol.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Static accessors over an RTP packet that starts at {@code readerIndex}; they never move indices.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |    length (32-bit words)      |  if X
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                payload ...    | padding ...   | padding count |  count if P
 * </pre>
 *
 * <p>Only {@link #isValid} is safe on arbitrary bytes; every other accessor assumes the packet
 * passed it (the fixed-header fields only need 12 readable bytes).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">RFC 3550 §5.1</a>
 */
public final class RtpHeader {
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int VERSION = 2;
    /** Length of the extension's own header: profile (16) + length in words (16). */
    public static final int EXTENSION_HEADER_LENGTH = 4;

    private RtpHeader() {
    }

    /** Whether the bytes hold a well-formed RTP packet: version 2, CSRCs, extension and padding inside it. */
    public static boolean isValid(ByteBuf p) {
        int length = p.readableBytes();
        if (length < FIXED_HEADER_LENGTH || version(p) != VERSION) {
            return false;
        }
        int headerLength = FIXED_HEADER_LENGTH + 4 * csrcCount(p);
        if (hasExtension(p)) {
            if (headerLength + EXTENSION_HEADER_LENGTH > length) {
                return false;
            }
            headerLength += EXTENSION_HEADER_LENGTH + 4 * p.getUnsignedShort(p.readerIndex() + headerLength + 2);
        }
        if (headerLength > length) {
            return false;
        }
        if (!hasPadding(p)) {
            return true;
        }
        // the padding count includes itself, so 0 is not a valid count
        int padding = p.getUnsignedByte(p.readerIndex() + length - 1);
        return padding >= 1 && headerLength + padding <= length;
    }

    public static int version(ByteBuf p) {
        return (p.getUnsignedByte(p.readerIndex()) >> 6) & 0x03;
    }

    public static boolean hasPadding(ByteBuf p) {
        return (p.getByte(p.readerIndex()) & 0x20) != 0;
    }

    public static boolean hasExtension(ByteBuf p) {
        return (p.getByte(p.readerIndex()) & 0x10) != 0;
    }

    public static int csrcCount(ByteBuf p) {
        return p.getByte(p.readerIndex()) & 0x0F;
    }

    public static boolean marker(ByteBuf p) {
        return (p.getByte(p.readerIndex() + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf p) {
        return p.getByte(p.readerIndex() + 1) & 0x7F;
    }

    public static int sequenceNumber(ByteBuf p) {
        return p.getUnsignedShort(p.readerIndex() + 2);
    }

    /** The RTP timestamp, unsigned 32 bits. */
    public static long timestamp(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 4);
    }

    /** The SSRC, unsigned 32 bits. */
    public static long ssrc(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 8);
    }

    /** Offset (from readerIndex) of the extension's 4-byte header; meaningful only if {@link #hasExtension}. */
    public static int extensionOffset(ByteBuf p) {
        return FIXED_HEADER_LENGTH + 4 * csrcCount(p);
    }

    /** Fixed header + CSRCs + extension including its 4-byte header. */
    public static int headerLength(ByteBuf p) {
        int length = extensionOffset(p);
        if (hasExtension(p)) {
            length += EXTENSION_HEADER_LENGTH + 4 * p.getUnsignedShort(p.readerIndex() + length + 2);
        }
        return length;
    }

    /** Number of padding bytes at the end (0 without the P bit). */
    public static int paddingLength(ByteBuf p) {
        return hasPadding(p) ? p.getUnsignedByte(p.writerIndex() - 1) : 0;
    }

    /** Payload length: what follows the header, minus padding. */
    public static int payloadLength(ByteBuf p) {
        return p.readableBytes() - headerLength(p) - paddingLength(p);
    }

    /** The payload as a slice sharing the packet's memory; not retained, so it lives as long as the packet. */
    public static ByteBuf payload(ByteBuf p) {
        return p.slice(p.readerIndex() + headerLength(p), payloadLength(p));
    }

    public static void setMarker(ByteBuf p, boolean marker) {
        int index = p.readerIndex() + 1;
        int b = p.getByte(index);
        p.setByte(index, marker ? b | 0x80 : b & 0x7F);
    }
}
