package org.glasscast.protocol.interleaved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RtspInterleavedDemuxerTest {
    private static final String DESCRIBE_RESPONSE = "RTSP/1.0 200 OK\r\n"
            + "CSeq: 2\r\n"
            + "Content-Type: application/sdp\r\n"
            + "content-LENGTH: 12\r\n"            // any case
            + "\r\n"
            + "v=0\r\n$\r\n\r\nm=";                // body with '$' and a blank line: taken by length
    private static final String KEEPALIVE = "GET_PARAMETER rtsp://h/live RTSP/1.0\r\nCSeq: 3\r\n\r\n";
    private static final String LF_ONLY = "RTSP/1.0 200 OK\nCSeq: 3\n\n";

    /** The stream, and what the demuxer should make of it: strings are RTSP text, "$n:hex" frames. */
    private static final List<Object[]> STREAM = List.of(
            new Object[] {text(DESCRIBE_RESPONSE), "T" + DESCRIBE_RESPONSE},
            new Object[] {frame(0, "80e00001"), "$0:80e00001"},
            new Object[] {frame(1, "240d0a52"), "$1:240d0a52"},       // payload looks like '$' CR LF 'R'
            new Object[] {frame(0, ""), "$0:"},                       // empty payload
            new Object[] {text("\r\n"), null},                        // stray CRLF: skipped, not counted
            new Object[] {text(KEEPALIVE), "T" + KEEPALIVE},
            new Object[] {new byte[] {0x01, (byte) 0xFF, 0x7F}, null}, // garbage: skipped to the next '$'
            new Object[] {frame(7, "0102"), "$7:0102"},
            new Object[] {text("hello world\r\n"), null},             // text that is not RTSP: skipped
            new Object[] {text(LF_ONLY), "T" + LF_ONLY});
    private static final long STREAM_MALFORMED = 2;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] frame(int channel, String hex) {
        byte[] payload = ByteBufUtil.decodeHexDump(hex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('$');                          // magic
        out.write(channel);                      // channel
        out.write(payload.length >> 8);          // length, high byte
        out.write(payload.length);               // length, low byte
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] streamBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        STREAM.forEach(part -> out.writeBytes((byte[]) part[0]));
        return out.toByteArray();
    }

    private static List<String> expected() {
        List<String> expected = new ArrayList<>();
        STREAM.stream().filter(part -> part[1] != null).forEach(part -> expected.add((String) part[1]));
        return expected;
    }

    /** Feeds {@code bytes} cut at {@code cuts}; returns the outputs, released, as strings. */
    private static List<String> feed(RtspInterleavedDemuxer demuxer, byte[] bytes, Iterable<Integer> cuts) {
        EmbeddedChannel ch = new EmbeddedChannel(demuxer);
        List<ByteBuf> inputs = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            inputs.add(Unpooled.copiedBuffer(bytes, from, cut - from));
            from = cut;
        }
        inputs.add(Unpooled.copiedBuffer(bytes, from, bytes.length - from));
        List<String> outputs = new ArrayList<>();
        for (ByteBuf input : inputs) {
            ch.writeInbound(input);
            for (Object o; (o = ch.readInbound()) != null; ) {
                outputs.add(describe(o));
            }
        }
        inputs.forEach(input -> assertThat(input.refCnt()).isZero());
        assertFalse(ch.finish());
        return outputs;
    }

    private static String describe(Object o) {
        try {
            if (o instanceof InterleavedFrame f) {
                return "$" + f.channel() + ":" + ByteBufUtil.hexDump(f.content());
            }
            return "T" + ((ByteBuf) o).toString(StandardCharsets.US_ASCII);
        } finally {
            io.netty.util.ReferenceCountUtil.release(o);
        }
    }

    @Test
    void demuxesAMixedStreamInOnePiece() {
        RtspInterleavedDemuxer demuxer = new RtspInterleavedDemuxer();
        assertThat(feed(demuxer, streamBytes(), List.of())).containsExactlyElementsOf(expected());
        assertThat(demuxer.malformedCount()).isEqualTo(STREAM_MALFORMED);
    }

    @Test
    void demuxesTheSameWhenCutAtAnySingleByteBoundaryOrByteByByte() {
        byte[] bytes = streamBytes();
        for (int cut = 1; cut < bytes.length; cut++) {
            RtspInterleavedDemuxer demuxer = new RtspInterleavedDemuxer();
            assertThat(feed(demuxer, bytes, List.of(cut))).as("cut at %d", cut).containsExactlyElementsOf(expected());
            assertThat(demuxer.malformedCount()).isEqualTo(STREAM_MALFORMED);
        }
        List<Integer> everyByte = new ArrayList<>();
        for (int cut = 1; cut < bytes.length; cut++) {
            everyByte.add(cut);
        }
        assertThat(feed(new RtspInterleavedDemuxer(), bytes, everyByte)).containsExactlyElementsOf(expected());
    }

    @Property(tries = 200)
    void demuxesTheSameWhateverTheCuts(@ForAll @Size(max = 20) List<@IntRange(min = 1, max = 1000) Integer> cuts) {
        byte[] bytes = streamBytes();
        TreeSet<Integer> sorted = new TreeSet<>();
        cuts.forEach(c -> sorted.add(c % bytes.length == 0 ? 1 : c % bytes.length));
        RtspInterleavedDemuxer demuxer = new RtspInterleavedDemuxer();
        assertThat(feed(demuxer, bytes, sorted)).containsExactlyElementsOf(expected());
        assertThat(demuxer.malformedCount()).isEqualTo(STREAM_MALFORMED);
    }

    @Test
    void headersWithoutEndAreDroppedAtTheLimitThenTheStreamResyncs() {
        String endless = "RTSP/1.0 200 OK\r\n" + "X-Pad: aaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(10);
        byte[] bytes = text(endless + KEEPALIVE);
        RtspInterleavedDemuxer demuxer = new RtspInterleavedDemuxer(256, 1024);
        List<String> out = feed(demuxer, bytes, List.of(100, 200, 300));
        assertThat(out).containsExactly("T" + KEEPALIVE);
        assertThat(demuxer.malformedCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void tooLargeOrUnreadableContentLengthDropsTheHeaders() {
        byte[] bytes = text("RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n"
                + "RTSP/1.0 200 OK\r\nContent-Length: -4\r\n\r\n"
                + "RTSP/1.0 200 OK\r\nContent-Length: twelve\r\n\r\n" + KEEPALIVE);
        RtspInterleavedDemuxer demuxer = new RtspInterleavedDemuxer();
        assertThat(feed(demuxer, bytes, List.of())).containsExactly("T" + KEEPALIVE);
        assertThat(demuxer.malformedCount()).isEqualTo(3);
    }

    @Test
    void waitsForTheWholeFrameAndBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspInterleavedDemuxer());
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'$', 0, 0, 5, 1, 2}))).isFalse();
        assertThat(ch.writeInbound(Unpooled.copiedBuffer("R", StandardCharsets.US_ASCII))).isFalse();
        assertFalse(ch.finish()); // partial frame and text are dropped with the connection
    }
}
