package org.glasscast.app.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avutil;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.sender.media.EncodedVideoFrame;
import org.glasscast.sender.media.OpusEncoder;
import org.glasscast.sender.media.ToneGenerator;
import org.glasscast.viewer.media.H264Decoder;
import org.glasscast.viewer.media.OpusDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad data is dropped and counted, never thrown (DESIGN.md §7). */
class DecoderRobustnessTest {

    private static int logLevel;

    @BeforeAll
    static void quietFfmpeg() {
        logLevel = avutil.av_log_get_level();
        avutil.av_log_set_level(avutil.AV_LOG_QUIET); // the garbage below makes FFmpeg complain a lot
    }

    @AfterAll
    static void restoreFfmpegLogging() {
        avutil.av_log_set_level(logLevel);
    }

    @Test
    void corruptAndTruncatedAccessUnitsDoNotThrowAndTheDecoderRecovers() {
        List<EncodedVideoFrame> encoded = VideoRoundTripTest.encode(320, 240, 12, 8);
        Random random = new Random(3);
        try (H264Decoder decoder = new H264Decoder()) {
            ByteBuf key = encoded.get(0).content();
            List<PatternCode.Reading> readings = new ArrayList<>();
            H264Decoder.FrameSink read = d -> readings.add(PatternCode.read(d.plane(0), d.stride(0), d.width(), d.height()));
            List<ByteBuf> bad = new ArrayList<>();
            bad.add(key.slice(0, key.readableBytes() / 2)); // truncated keyframe
            ByteBuf flipped = Unpooled.copiedBuffer(encoded.get(1).content());
            for (int i = 0; i < 40; i++) {
                int at = 8 + random.nextInt(flipped.readableBytes() - 8);
                flipped.setByte(at, flipped.getByte(at) ^ (1 << random.nextInt(8)));
            }
            bad.add(flipped); // bit errors in a P slice
            byte[] noise = new byte[5000];
            random.nextBytes(noise);
            bad.add(Unpooled.wrappedBuffer(noise)); // no start code at all
            bad.add(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0x67, (byte) 0xff, (byte) 0xff})); // broken SPS
            bad.add(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0x65})); // IDR slice, no payload
            bad.add(Unpooled.wrappedBuffer(new byte[3000])); // zeros
            for (ByteBuf b : bad) {
                assertThatCode(() -> decoder.decode(b, 0, read)).doesNotThrowAnyException();
            }
            System.out.println("h264 after garbage: errors=" + decoder.errors() + ", frames=" + decoder.decodedFrames());
            readings.clear();
            for (EncodedVideoFrame f : encoded.subList(8, 12)) { // from the requested keyframe on
                assertThat(decoder.decode(f.content(), f.pts90k(), read)).isTrue();
            }
            assertThat(readings).containsExactly(reading(8), reading(9), reading(10), reading(11));
            flipped.release();
        } finally {
            encoded.forEach(EncodedVideoFrame::release);
        }
    }

    private static PatternCode.Reading reading(int i) {
        return new PatternCode.Reading(i, VideoRoundTripTest.captureMicros(i));
    }

    @Test
    void badOpusPacketsReturnMinusOneAndTheDecoderRecovers() {
        short[] out = new short[OpusDecoder.MAX_SAMPLES_PER_CHANNEL * OpusDecoder.CHANNELS];
        try (OpusDecoder decoder = new OpusDecoder()) {
            // TOC code 3 (config 31, stereo) with a frame count of 0: invalid, RFC 6716 §3.2.5
            assertThat(decoder.decode(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, 0x00}), out)).isEqualTo(-1);
            assertThat(decoder.decode(Unpooled.EMPTY_BUFFER, out)).isEqualTo(-1);
            Random random = new Random(5);
            int rejected = 0;
            for (int i = 0; i < 500; i++) {
                byte[] noise = new byte[1300 + random.nextInt(3000)]; // longer than any single Opus frame (1275 B)
                random.nextBytes(noise);
                int n = decoder.decode(Unpooled.wrappedBuffer(noise), out);
                assertThat(n).isBetween(-1, OpusDecoder.MAX_SAMPLES_PER_CHANNEL);
                rejected += n < 0 ? 1 : 0;
            }
            System.out.println("opus: " + rejected + " of 500 random packets rejected");
            assertThat(rejected).isGreaterThan(250);
            assertThat(decoder.errors()).isGreaterThanOrEqualTo(rejected + 2);
            try (OpusEncoder encoder = OpusEncoder.open(OpusEncoder.DEFAULT_BITRATE)) {
                short[] pcm = new short[OpusEncoder.FRAME_SAMPLES * 2];
                new ToneGenerator().fill(pcm, OpusEncoder.FRAME_SAMPLES, VideoRoundTripTest.START_MICROS);
                ByteBuf packet = encoder.encode(pcm);
                try {
                    assertThat(decoder.decode(packet, out)).isEqualTo(OpusEncoder.FRAME_SAMPLES);
                } finally {
                    packet.release();
                }
            }
        }
    }
}
