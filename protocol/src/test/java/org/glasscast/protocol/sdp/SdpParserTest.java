package org.glasscast.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SdpParserTest {

    @Test
    void parsesFfmpegOutput() {
        SessionDescription sd = SdpParser.parse(String.join("\n",
                "v=0",                                  // version
                "o=- 0 0 IN IP4 127.0.0.1",             // origin: user, id, version, IN IP4 address
                "s=No Name",                            // session name
                "c=IN IP4 127.0.0.1",                   // session-level connection
                "t=0 0",                                // unbounded session
                "a=tool:libavformat 59.27.100",         // ignored
                "m=video 5004 RTP/AVP 96",              // video on port 5004, payload type 96
                "a=rtpmap:96 H264/90000",               // PT 96 is H.264 at 90 kHz
                "a=fmtp:96 packetization-mode=1",       // RFC 6184 mode 1
                ""));
        assertThat(sd.originAddress()).isEqualTo("127.0.0.1");
        assertThat(sd.sessionName()).isEqualTo("No Name");
        assertThat(sd.connectionAddress()).isEqualTo("127.0.0.1");
        assertThat(sd.control()).isNull();
        assertThat(sd.audio()).isEmpty();
        MediaDescription video = sd.video().orElseThrow();
        assertThat(video).isEqualTo(new MediaDescription("video", 5004, "RTP/AVP", 96, "H264", 90000, 0,
                Map.of("packetization-mode", "1"), null, Map.of(), null));
        assertThat(sd.connectionAddress(video)).isEqualTo("127.0.0.1");
    }

    @Test
    void parsesIpCameraSdpWithControlsAndStaticAudio() {
        SessionDescription sd = SdpParser.parse(String.join("\r\n",
                "v=0",                                                  // version
                "o=- 1109162014219182 1109162014219192 IN IP4 192.168.1.64", // origin
                "s=Media Presentation",                                 // session name
                "e=NONE",                                               // email: ignored
                "b=AS:5050",                                            // bandwidth: ignored
                "t=0 0",                                                // timing
                "a=control:*",                                          // aggregate control = base URL
                "a=range:npt=now-",                                     // ignored
                "m=video 0 RTP/AVP 96",                                 // port 0: RTSP SETUP decides
                "c=IN IP4 0.0.0.0",                                     // media-level connection
                "b=AS:5000",                                            // ignored
                "a=recvonly",                                           // ignored
                "a=x-dimensions:1920,1080",                             // vendor attribute: ignored
                "a=control:trackID=1",                                  // relative control
                "a=rtpmap:96 H264/90000",                               // H.264
                "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z01AKI2NQDwBE/LAPEiagA==,aO44gA==",
                "m=audio 0 RTP/AVP 0",                                  // PCMU, static: no rtpmap
                "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2", // absolute control
                "",                                                     // trailing CRLF
                ""));
        assertThat(sd.control()).isEqualTo("*");
        MediaDescription video = sd.video().orElseThrow();
        assertThat(video.connectionAddress()).isEqualTo("0.0.0.0");
        assertThat(video.fmtp()).containsExactly(
                Map.entry("profile-level-id", "420029"),
                Map.entry("packetization-mode", "1"),
                Map.entry("sprop-parameter-sets", "Z01AKI2NQDwBE/LAPEiagA==,aO44gA=="));
        assertThat(video.fmtpValue("Packetization-Mode")).contains("1");
        assertThat(H264Fmtp.parseSpropParameterSets(video.fmtpValue("sprop-parameter-sets").orElseThrow()))
                .extracting(set -> set[0] & 0x1F).containsExactly(7, 8);
        String base = "rtsp://192.168.1.64:554/Streaming/Channels/101/";
        assertThat(video.controlUrl(base)).isEqualTo(base + "trackID=1");
        assertThat(video.controlUrl(base.substring(0, base.length() - 1))).isEqualTo(base + "trackID=1");
        MediaDescription audio = sd.audio().orElseThrow();
        assertThat(audio.encodingName()).isEqualTo("PCMU");
        assertThat(audio.clockRate()).isEqualTo(8000);
        assertThat(audio.controlUrl(base)).isEqualTo("rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2");
    }

    @Test
    void choosesThePayloadTypeWithAnRtpmap() {
        SessionDescription sd = SdpParser.parse(String.join("\n",
                "v=0",                                  // version
                "s=",                                   // empty session name, no o= line
                "m=audio 5006 RTP/AVP 101 111 0",       // 101 unmapped, 111 opus, 0 PCMU
                "a=rtpmap:111 opus/48000/2",            // opus, stereo signalling
                "a=fmtp:111 minptime=10;useinbandfec=1", // opus parameters
                "a=extmap:1 http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time",
                "a=ptime:2.5",                          // fractional (RFC 8866 §6.4): 3 ms, RFC 7587's rounding
                "a=maxptime:x",                         // unreadable: ignored
                "m=video 5004 RTP/AVP 97",              // dynamic PT without rtpmap
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel")); // not RTP: skipped
        assertThat(sd.originAddress()).isNull();
        assertThat(sd.sessionName()).isEmpty();
        assertThat(sd.media()).hasSize(2);
        MediaDescription audio = sd.audio().orElseThrow();
        assertThat(audio.payloadType()).isEqualTo(111);
        assertThat(audio.isEncoding("OPUS")).isTrue();
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.fmtp()).containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"));
        assertThat(audio.extmapId("http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time")).isEqualTo(1);
        assertThat(audio.ptimeMillis()).isEqualTo(3);
        assertThat(audio.maxptimeMillis()).isZero();
        MediaDescription video = sd.video().orElseThrow();
        assertThat(video.payloadType()).isEqualTo(97);
        assertThat(video.encodingName()).isNull();
        assertThat(video.ptimeMillis()).as("ptime is per media").isZero();
    }

    @Test
    void sessionLevelExtmapAppliesToEveryMedia() {
        SessionDescription sd = SdpParser.parse(String.join("\n",
                "v=0",                                  // version
                "a=extmap:3/sendonly urn:x",            // session-level extension with direction
                "m=video 0 RTP/AVP 96",                 // video
                "a=extmap:4 urn:y",                     // media-level extension
                "m=audio 0 RTP/AVP 8"));                // PCMA, static
        assertThat(sd.video().orElseThrow().extmap()).containsExactly(Map.entry(3, "urn:x"), Map.entry(4, "urn:y"));
        assertThat(sd.audio().orElseThrow().extmap()).containsExactly(Map.entry(3, "urn:x"));
        assertThat(sd.audio().orElseThrow().encodingName()).isEqualTo("PCMA");
    }

    @Test
    void malformedTextThrowsAOneLineSdpException() {
        assertBad(null, "empty");
        assertBad("  \n ", "empty");
        assertBad("RTSP/1.0 200 OK\r\nv=0\r\n", "does not start with v=");
        assertBad("v=1\nm=video 0 RTP/AVP 96", "version");
        assertBad("v=0\ns=x\n", "no RTP m= line");
        assertBad("v=0\nm=video\n", "m= line needs");
        assertBad("v=0\nm=video abc RTP/AVP 96\n", "bad port");
        assertBad("v=0\nm=video 5004 RTP/AVP H264\n", "bad RTP payload type");
        assertBad("v=0\nm=video 5004 RTP/AVP 300\n", "bad RTP payload type");
    }

    private static void assertBad(String text, String message) {
        assertThatThrownBy(() -> SdpParser.parse(text))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
    }

    @Test
    void ignoresGarbageLinesAfterTheVersion() {
        SessionDescription sd = SdpParser.parse("v=0\r\nthis is not sdp\r\nx\r\nm=video 1 RTP/AVP 26\r\n");
        assertThat(sd.video().orElseThrow().encodingName()).isEqualTo("JPEG");
    }
}
