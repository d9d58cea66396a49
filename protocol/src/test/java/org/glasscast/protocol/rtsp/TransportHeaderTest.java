package org.glasscast.protocol.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransportHeaderTest {
    @Test
    void parsesFfmpegUdpRequest() {
        // what ffmpeg 5.1 sends in SETUP over UDP
        TransportHeader t = TransportHeader.parse("RTP/AVP/UDP;unicast;client_port=5000-5001");
        assertThat(t.interleaved()).isFalse();
        assertThat(t.rtpPort()).isEqualTo(5000);
        assertThat(t.rtcpPort()).isEqualTo(5001);
    }

    @Test
    void parsesInterleavedAndDefaultsChannels() {
        assertThat(TransportHeader.parse("RTP/AVP/TCP;unicast;interleaved=2-3").rtpPort()).isEqualTo(2);
        TransportHeader t = TransportHeader.parse("RTP/AVP/TCP;unicast");
        assertThat(t.interleaved()).isTrue();
        assertThat(t.rtpPort()).isZero();
        assertThat(t.rtcpPort()).isEqualTo(1);
    }

    @Test
    void takesFirstUsableOfSeveralOffers() {
        // GStreamer offers several specs, comma separated
        TransportHeader t = TransportHeader.parse("RTP/SAVP;unicast;client_port=1-2,RTP/AVP;unicast;client_port=40000-40001");
        assertThat(t.rtpPort()).isEqualTo(40000);
    }

    @Test
    void replyRoundTrip() {
        TransportHeader reply = TransportHeader.udp(40000, 40001).withServer(6970, 6971, 0xDEADBEEFL);
        assertThat(reply.format()).isEqualTo("RTP/AVP;unicast;client_port=40000-40001;server_port=6970-6971;ssrc=DEADBEEF");
        assertThat(TransportHeader.parse(reply.format())).isEqualTo(reply);
    }

    @Test
    void rejectsGarbageWithOneLineReason() {
        assertThatThrownBy(() -> TransportHeader.parse("RAW/RAW/UDP;unicast")).hasMessage("unsupported transport RAW/RAW/UDP");
        assertThatThrownBy(() -> TransportHeader.parse("RTP/AVP;client_port=x-y")).hasMessage("bad client_port 'x-y'");
        assertThatThrownBy(() -> TransportHeader.parse("RTP/AVP;client_port=70000-70001")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> TransportHeader.parse("")).hasMessage("missing Transport header");
    }
}
