package org.glasscast.protocol.interleaved;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * First handler of an RTSP TCP pipeline: splits the byte stream into {@link InterleavedFrame}s
 * ('$' framing) and whole RTSP messages. Each RTSP message (request or response: start line,
 * headers, blank line, Content-Length bytes of body) goes on as one {@link ByteBuf}, a retained
 * slice of the input, for Netty's RtspDecoder and HttpObjectAggregator behind it; those pass
 * InterleavedFrames on untouched (they only take ByteBufs / HttpObjects). Receivers release what
 * they get.
 *
 * <p>Stray CR/LF between messages are skipped. Bytes that cannot start a message (not '$', not a
 * start line holding "RTSP/") are skipped to the next '$' or line start and counted; so are
 * headers longer than {@code maxHeaderBytes} without a blank line and bodies longer than
 * {@code maxContentBytes}. Nothing is buffered without bound. Not sharable: one per connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2326#section-10.12">RFC 2326 §10.12</a>
 */
public final class RtspInterleavedDemuxer extends ByteToMessageDecoder {
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_CONTENT_BYTES = 1024 * 1024;
    private static final byte DOLLAR = '$';
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final String CONTENT_LENGTH = "content-length";

    private final int maxHeaderBytes;
    private final int maxContentBytes;
    private long malformedCount;
    /** Inside a garbage run that reached the end of the input: keep skipping, without counting again. */
    private boolean skipping;

    public RtspInterleavedDemuxer() {
        this(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_CONTENT_BYTES);
    }

    public RtspInterleavedDemuxer(int maxHeaderBytes, int maxContentBytes) {
        if (maxHeaderBytes < 16 || maxContentBytes < 0) {
            throw new IllegalArgumentException("maxHeaderBytes " + maxHeaderBytes + ", maxContentBytes " + maxContentBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxContentBytes = maxContentBytes;
    }

    /** Garbage runs skipped, oversize headers and bodies dropped. Read it on the channel's event loop. */
    public long malformedCount() {
        return malformedCount;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            byte first = in.getByte(in.readerIndex());
            boolean progress;
            if (skipping) {
                skipGarbage(in);
                progress = true;
            } else if (first == DOLLAR) {
                progress = frame(in, out);
            } else if (first == CR || first == LF) {
                in.skipBytes(1);
                progress = true;
            } else if (isLetter(first)) {
                progress = message(in, out);
            } else {
                skipGarbage(in);
                progress = true;
            }
            if (!progress) {
                return; // wait for more bytes
            }
        }
    }

    /** '$', channel, length, payload: emitted once all there. */
    private static boolean frame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < InterleavedFrameEncoder.HEADER_LENGTH) {
            return false;
        }
        int start = in.readerIndex();
        int length = in.getUnsignedShort(start + 2);
        if (in.readableBytes() < InterleavedFrameEncoder.HEADER_LENGTH + length) {
            return false;
        }
        int channel = in.getUnsignedByte(start + 1);
        in.skipBytes(InterleavedFrameEncoder.HEADER_LENGTH);
        out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
        return true;
    }

    /** An RTSP message: false if more bytes are needed; skips what cannot be one. */
    private boolean message(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int limit = Math.min(in.writerIndex(), start + maxHeaderBytes);
        int lineEnd = -1;
        for (int i = start; i < limit; i++) {
            byte b = in.getByte(i);
            if (b == LF) {
                lineEnd = i;
                break;
            }
            if (b != CR && b != '\t' && (b < 0x20 || b > 0x7E)) {
                skipGarbage(in); // binary: not a start line
                return true;
            }
        }
        if (lineEnd < 0) {
            return tooLongOrWait(in, start);
        }
        if (!contains(in, start, lineEnd, "RTSP/")) {
            skipGarbage(in);
            return true;
        }
        int headerEnd = headerEnd(in, lineEnd, limit);
        if (headerEnd < 0) {
            return tooLongOrWait(in, start);
        }
        long contentLength = contentLength(in, lineEnd + 1, headerEnd);
        if (contentLength < 0 || contentLength > maxContentBytes) {
            malformedCount++;
            in.readerIndex(headerEnd); // drop the headers; the body, if any, resyncs as garbage
            return true;
        }
        int total = headerEnd - start + (int) contentLength;
        if (in.readableBytes() < total) {
            return false;
        }
        out.add(in.readRetainedSlice(total));
        return true;
    }

    private boolean tooLongOrWait(ByteBuf in, int start) {
        if (in.writerIndex() - start < maxHeaderBytes) {
            return false;
        }
        malformedCount++;
        in.readerIndex(start + maxHeaderBytes);
        return true;
    }

    /** Index after the blank line (LF LF or LF CR LF) at or after the start line's LF, or -1. */
    private static int headerEnd(ByteBuf in, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (in.getByte(i) != LF) {
                continue;
            }
            if (i + 1 < limit && in.getByte(i + 1) == LF) {
                return i + 2;
            }
            if (i + 2 < limit && in.getByte(i + 1) == CR && in.getByte(i + 2) == LF) {
                return i + 3;
            }
        }
        return -1;
    }

    /** Content-Length among the header lines in [from, end), 0 if absent, -1 if unreadable. */
    private static long contentLength(ByteBuf in, int from, int end) {
        int lineStart = from;
        for (int i = from; i < end; i++) {
            if (in.getByte(i) != LF) {
                continue;
            }
            int colon = in.indexOf(lineStart, i, (byte) ':');
            if (colon >= 0 && CONTENT_LENGTH.equalsIgnoreCase(ascii(in, lineStart, colon).strip())) {
                String value = ascii(in, colon + 1, i).strip();
                try {
                    return value.length() > 10 ? -1 : Math.max(-1, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            lineStart = i + 1;
        }
        return 0;
    }

    /**
     * Skips to the next '$' or line start after the current byte (from the current byte when
     * continuing a run); counts a run once, however the input was cut.
     */
    private void skipGarbage(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int i = start;
        if (!skipping) {
            malformedCount++;
            i++;
        }
        while (i < end && in.getByte(i) != DOLLAR && (i == start || in.getByte(i - 1) != LF)) {
            i++;
        }
        skipping = i == end && in.getByte(end - 1) != LF;
        in.readerIndex(i);
    }

    private static boolean isLetter(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    private static boolean contains(ByteBuf in, int from, int to, String ascii) {
        return ascii(in, from, to).contains(ascii);
    }

    private static String ascii(ByteBuf in, int from, int to) {
        return in.toString(from, to - from, StandardCharsets.US_ASCII);
    }
}
