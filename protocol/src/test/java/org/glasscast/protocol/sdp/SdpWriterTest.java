package org.glasscast.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.glasscast.protocol.rtp.AbsCaptureTime;
import org.junit.jupiter.api.Test;

class SdpWriterTest {
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1F, (byte) 0x8C, 0x68};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @Test
    void writesTheSenderSdp() {
        MediaDescription video = new MediaDescription("video", 0, "RTP/AVP", 96, "H264", 90000, 0,
                H264Fmtp.fmtp(SPS, PPS), "trackID=0", Map.of(1, AbsCaptureTime.URI), null);
        MediaDescription audio = new MediaDescription("audio", 0, "RTP/AVP", 111, "opus", 48000, 1,
                Map.of(), "trackID=1", Map.of(), null, 10, 10);
        String text = SdpWriter.write(new SessionDescription("192.168.1.10", "glasscast", null, "*",
                List.of(video, audio)));
        assertThat(text).isEqualTo(String.join("\r\n",
                "v=0",
                "o=- 0 0 IN IP4 192.168.1.10",
                "s=glasscast",
                "t=0 0",
                "a=tool:glasscast",
                "a=control:*",
                "m=video 0 RTP/AVP 96",
                "a=rtpmap:96 H264/90000",
                "a=fmtp:96 packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH4xo,aM48gA==",
                "a=extmap:1 http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time",
                "a=control:trackID=0",
                "m=audio 0 RTP/AVP 111",
                "a=rtpmap:111 opus/48000/2",    // always 2 channels, RFC 7587 §7
                "a=ptime:10",                   // 10 ms in a packet
                "a=maxptime:10",                // and never more
                "a=control:trackID=1",
                ""));
    }

    @Test
    void writesPushModeSdpWithConnectionAndIpv6() {
        MediaDescription video = new MediaDescription("video", 5004, "RTP/AVP", 96, "raw", 90000, 0,
                new LinkedHashMap<>(Map.of("sampling", "YCbCr-4:2:0")), null, null, "::1");
        String text = SdpWriter.write(new SessionDescription(null, "", "127.0.0.1", null, List.of(video)), 7, 8);
        assertThat(text).contains("o=- 7 8 IN IP4 127.0.0.1\r\ns= \r\nc=IN IP4 127.0.0.1\r\n")
                .contains("m=video 5004 RTP/AVP 96\r\nc=IN IP6 ::1\r\na=rtpmap:96 raw/90000\r\na=fmtp:96 sampling=YCbCr-4:2:0\r\n");
        assertThatThrownBy(() -> SdpWriter.write(new SessionDescription(null, "a\r\nm=evil", null, null, List.of(video))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void h264FmtpHelpers() {
        assertThat(H264Fmtp.profileLevelId(SPS)).isEqualTo("42c01f");
        assertThat(H264Fmtp.profileLevelId(new byte[] {0, 0, 0, 1, 0x67, 0x64, 0x00, 0x28})).isEqualTo("640028");
        assertThat(H264Fmtp.parseSpropParameterSets(H264Fmtp.spropParameterSets(SPS, PPS))).containsExactly(SPS, PPS);
        assertThat(H264Fmtp.parseSpropParameterSets("Z0LAH4xo, ,!!notbase64!!,aM48gA")).containsExactly(SPS, PPS);
        assertThatThrownBy(() -> H264Fmtp.profileLevelId(new byte[] {0x67, 0x42})).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<SessionDescription> session() {
        Arbitrary<String> token = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-._").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> address = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
        Arbitrary<Map<String, String>> fmtp = Arbitraries.maps(token,
                Arbitraries.strings().alpha().numeric().withChars("+/=,-").ofMaxLength(20)).ofMaxSize(4);
        Arbitrary<Map<Integer, String>> extmap = Arbitraries.maps(Arbitraries.integers().between(1, 14),
                token.map(t -> "urn:" + t)).ofMaxSize(3);
        Arbitrary<MediaDescription> withoutPtime = Combinators.combine(Arbitraries.of("video", "audio"),
                Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(96, 127),
                Arbitraries.of("H264", "opus", "raw", "L16"), Arbitraries.of(8000, 48000, 90000), fmtp,
                token.injectNull(0.3), extmap).as((kind, port, pt, name, rate, params, control, ext) ->
                        new MediaDescription(kind, port, "RTP/AVP", pt, name, rate, name.equals("opus") ? 2 : 0,
                                params, control, ext, null));
        Arbitrary<Integer> packetTime = Arbitraries.of(0, 3, 5, 10, 20, 40, 60, 120);
        Arbitrary<MediaDescription> media = Combinators.combine(withoutPtime, packetTime, packetTime)
                .as((m, ptime, maxptime) -> new MediaDescription(m.media(), m.port(), m.protocol(), m.payloadType(),
                        m.encodingName(), m.clockRate(), m.channels(), m.fmtp(), m.control(), m.extmap(),
                        m.connectionAddress(), ptime, maxptime));
        return Combinators.combine(address.injectNull(0.2), token.injectNull(0.2), address.injectNull(0.5),
                token.injectNull(0.5), media.list().ofMinSize(1).ofMaxSize(3))
                .as((origin, name, connection, control, list) ->
                        new SessionDescription(origin, name == null ? "" : name, connection, control, list));
    }

    @Property(tries = 200)
    void writeThenParseGivesTheSameSession(@ForAll("session") SessionDescription session) {
        SessionDescription parsed = SdpParser.parse(SdpWriter.write(session));
        SessionDescription expected = session.originAddress() != null ? session
                : new SessionDescription("127.0.0.1", session.sessionName(), session.connectionAddress(),
                        session.control(), session.media());
        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.media().get(0).fmtp().keySet()).containsExactlyElementsOf(session.media().get(0).fmtp().keySet());
    }
}
