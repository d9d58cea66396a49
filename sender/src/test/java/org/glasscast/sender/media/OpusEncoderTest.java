package org.glasscast.sender.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class OpusEncoderTest {

    @Test
    void everyTenMillisecondsGivesOnePacket() {
        assertThat(OpusEncoder.FRAME_SAMPLES).isEqualTo(480);
        assertThat(OpusEncoder.FRAME_MICROS).isEqualTo(10_000);
        ToneGenerator tone = new ToneGenerator();
        short[] pcm = new short[OpusEncoder.FRAME_SAMPLES * OpusEncoder.CHANNELS];
        try (OpusEncoder encoder = OpusEncoder.open(OpusEncoder.DEFAULT_BITRATE)) {
            System.out.println("libopus lookahead: " + encoder.lookaheadSamples() + " samples");
            // lowdelay's 2.5 ms at any frame size: the viewer's recorder writes it as the pre-skip
            assertThat(encoder.lookaheadSamples()).isEqualTo(120);
            for (int i = 0; i < 100; i++) {
                tone.fill(pcm, OpusEncoder.FRAME_SAMPLES, 1_767_225_600_000_000L + i * OpusEncoder.FRAME_MICROS);
                ByteBuf packet = encoder.encode(pcm);
                assertThat(packet).as("packet %d", i).isNotNull();
                try {
                    assertThat(packet.readableBytes()).isBetween(3, 1275);
                    int toc = packet.getByte(0) & 0xff;
                    // TOC, RFC 6716 §3.1: config 28..31 is CELT-only fullband 2.5/5/10/20 ms (lowdelay
                    // is CELT only), s = stereo, c = 0: one frame
                    assertThat(toc >> 3).isEqualTo(30);
                    assertThat(toc & 0x04).isEqualTo(0x04);
                    assertThat(toc & 0x03).isZero();
                } finally {
                    packet.release();
                }
            }
        }
    }
}
