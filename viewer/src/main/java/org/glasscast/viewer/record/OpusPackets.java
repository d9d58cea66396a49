package org.glasscast.viewer.record;

import io.netty.buffer.ByteBuf;

/** What a file needs of Opus: the OpusHead (codec extradata) and each packet's duration. */
final class OpusPackets {
    static final int SAMPLE_RATE = 48_000;
    static final int CHANNELS = 2;
    /**
     * RTP does not carry the encoder's pre-skip (RFC 7587 has no parameter for it). Our sender
     * runs libopus with application=lowdelay, whose look-ahead is 120 samples (2.5 ms); libopus's
     * default application has 312 (6.5 ms). Using ours makes our recordings sample-exact and
     * costs other senders' recordings at most 4 ms of A/V offset.
     */
    static final int PRE_SKIP = 120;

    private OpusPackets() {
    }

    /** OpusHead, RFC 7845 §5.1: version 1, stereo, pre-skip, 48 kHz, 0 dB, mapping family 0. */
    static byte[] opusHead(int preSkip) {
        return new byte[] {
            'O', 'p', 'u', 's', 'H', 'e', 'a', 'd',
            1, // version
            CHANNELS,
            (byte) preSkip, (byte) (preSkip >> 8), // pre-skip, little endian
            (byte) 0x80, (byte) 0xBB, 0, 0, // input sample rate 48000, little endian
            0, 0, // output gain
            0, // channel mapping family 0: mono or stereo
        };
    }

    /** Samples (48 kHz, per channel) in a packet, from its TOC byte (RFC 6716 §3.1); 960 when unreadable. */
    static int samples(ByteBuf packet) {
        if (packet.readableBytes() < 1) {
            return 960;
        }
        int toc = packet.getUnsignedByte(packet.readerIndex());
        int config = toc >> 3;
        int frameSamples;
        if (config < 12) {
            frameSamples = new int[] {480, 960, 1920, 2880}[config & 3]; // SILK 10/20/40/60 ms
        } else if (config < 16) {
            frameSamples = (config & 1) == 0 ? 480 : 960; // hybrid 10/20 ms
        } else {
            frameSamples = 120 << (config & 3); // CELT 2.5/5/10/20 ms
        }
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> packet.readableBytes() >= 2 ? packet.getUnsignedByte(packet.readerIndex() + 1) & 0x3F : 1;
        };
        return Math.max(1, frames) * frameSamples;
    }
}
