package org.glasscast.sender.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class OpusEncoderTest {

    @Test
    void everyTwentyMillisecondsGivesOnePacket() {
        ToneGenerator tone = new ToneGenerator();
        short[] pcm = new short[OpusEncoder.FRAME_SAMPLES * OpusEncoder.CHANNELS];
        try (OpusEncoder encoder = OpusEncoder.open(OpusEncoder.DEFAULT_BITRATE)) {
            System.out.println("libopus lookahead: " + encoder.lookaheadSamples() + " samples");
            assertThat(encoder.lookaheadSamples()).isBetween(0, 960);
            for (int i = 0; i < 50; i++) {
                tone.fill(pcm, OpusEncoder.FRAME_SAMPLES, 1_767_225_600_000_000L + i * 20_000L);
                ByteBuf packet = encoder.encode(pcm);
                assertThat(packet).as("packet %d", i).isNotNull();
                try {
                    assertThat(packet.readableBytes()).isBetween(3, 1275);
                    // TOC, RFC 6716 §3.1: CELT-only fullband 20 ms configs are 28..31; s = stereo
                    assertThat((packet.getByte(0) & 0xff) >> 3).isEqualTo(31);
                    assertThat(packet.getByte(0) & 0x04).isEqualTo(0x04);
                } finally {
                    packet.release();
                }
            }
        }
    }
}
