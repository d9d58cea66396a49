package org.glasscast.viewer.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.viewer.stats.ViewerStats;
import org.junit.jupiter.api.Test;

/** An audio packet's capture time counts as measured only when it carries abs-capture-time. */
class TrackReceiverTest {
    private static final int PT = 111;
    private static final int EXT_ID = 1;

    private final ViewerStats stats = new ViewerStats();
    private final List<Long> captures = new ArrayList<>();
    private final TrackReceiver audio = TrackReceiver.opus(PT, 48_000, EXT_ID, stats, () -> 0L, 50_000_000L,
            ByteBufAllocator.DEFAULT, p -> {
                captures.add(p.captureMicros());
                p.payload().release();
            });

    @Test
    void absCaptureTimeIsMeasuredASenderReportsEstimateIsNot() {
        long captured = 1_700_000_000_000_000L;
        ByteBuf withExtension = packet(1, 0, NtpTime.fromUnixMicros(captured));
        audio.onRtp(withExtension);
        withExtension.release();
        assertThat(captures).hasSize(1);
        assertThat(captures.get(0)).isCloseTo(captured, within(1L));
        assertThat(stats.audioCaptureMeasured).isTrue();

        // a peer without the extension (ffmpeg): the sender report places the sound, but it is no measurement
        audio.captureClock().onSenderReport(NtpTime.fromUnixMicros(captured), 480);
        ByteBuf plain = packet(2, 480, 0);
        audio.onRtp(plain);
        plain.release();
        assertThat(captures).hasSize(2);
        assertThat(captures.get(1)).isCloseTo(captured, within(1L));
        assertThat(stats.audioCaptureMeasured).isFalse();
        audio.close();
    }

    @Test
    void aNewSourceIsTakenAtOnceAfterItsPredecessorsGoodbyeAndOnlyAfterPersistingOtherwise() {
        int[] goodbyes = {0};
        audio.onGoodbye(() -> goodbyes[0]++);
        feed(packet(1, 0, 0, 0x1234_5678));
        feed(packet(2, 480, 0, 0x0BAD_CAFE)); // a stranger: not the stream's while the first one plays
        assertThat(captures).hasSize(1);
        assertThat(stats.packetsMalformed.sum()).isEqualTo(1);

        ByteBuf bye = org.glasscast.protocol.rtcp.RtcpCodec.encode(ByteBufAllocator.DEFAULT,
                new org.glasscast.protocol.rtcp.Goodbye(List.of(0x1234_5678L)));
        audio.onRtcp(bye);
        bye.release();
        assertThat(goodbyes[0]).isEqualTo(1);
        feed(packet(40_000, 900_000, 0, 0x0BAD_CAFE)); // the restarted sender: its own numbering
        assertThat(captures).as("taken at its first packet").hasSize(2);
        feed(packet(1, 960, 0, 0x1234_5678)); // the old one again is now the stranger
        assertThat(captures).hasSize(2);
        audio.close();
    }

    private void feed(ByteBuf packet) {
        audio.onRtp(packet);
        audio.poll();
        packet.release();
    }

    /** An RTP packet of 3 payload bytes; with {@code ntp} ≠ 0, an RFC 8285 one-byte abs-capture-time element. */
    private static ByteBuf packet(int seq, long rtpTimestamp, long ntp) {
        return packet(seq, rtpTimestamp, ntp, 0x1234_5678);
    }

    private static ByteBuf packet(int seq, long rtpTimestamp, long ntp, int ssrc) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(ntp != 0 ? 0x90 : 0x80); // V=2, P=0, X=extension present?, CC=0
        b.writeByte(PT);                       // M=0, PT
        b.writeShort(seq);
        b.writeInt((int) rtpTimestamp);
        b.writeInt(ssrc);                      // SSRC
        if (ntp != 0) {
            b.writeShort(0xBEDE);              // one-byte header extensions (RFC 8285 §4.2)
            b.writeShort(3);                   // 3 words follow
            b.writeByte(EXT_ID << 4 | (8 - 1)); // ID, length - 1
            b.writeLong(ntp);                  // absolute capture time, NTP 64-bit
            b.writeZero(3);                    // padding to a whole word
        }
        b.writeBytes(new byte[] {1, 2, 3});    // Opus payload (not decoded here)
        return b;
    }
}
