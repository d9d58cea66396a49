package org.glasscast.protocol.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PatternCodeTest {

    @Test
    void geometryFollowsWidth() {
        assertThat(PatternCode.geometry(1280, 720)).isEqualTo(new PatternCode.Geometry(32, 0, 0, 32, 4));
        assertThat(PatternCode.geometry(160, 120).blockSize()).isEqualTo(4);
        assertThat(PatternCode.geometry(1920, 1080).blockSize()).isEqualTo(48);
        assertThat(PatternCode.geometry(640, 360).blockSize()).isEqualTo(16);
        assertThat(PatternCode.geometry(100, 100).blockSize()).isEqualTo(2); // 100/40 = 2
        assertThat(PatternCode.geometry(1280, 720).widthPixels()).isEqualTo(1024);
        assertThat(PatternCode.geometry(1280, 720).heightPixels()).isEqualTo(128);
    }

    @Test
    void tooSmallPictureIsRejected() {
        assertThatThrownBy(() -> PatternCode.geometry(40, 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40x40");
        assertThatThrownBy(() -> PatternCode.geometry(160, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"160,120,160", "640,360,640", "1280,720,1280", "1920,1080,1920", "1280,720,1344", "66,10,70"})
    void roundTripsManyValues(int width, int height, int stride) {
        Random random = new Random(width * 31L + height);
        ByteBuffer luma = grey(stride, height);
        for (int i = 0; i < 200; i++) {
            long index = random.nextInt() & 0xFFFF_FFFFL;
            long micros = i == 0 ? Long.MAX_VALUE : random.nextLong();
            PatternCode.draw(luma, stride, width, height, index, micros);
            assertThat(PatternCode.read(luma, stride, width, height))
                    .isEqualTo(new PatternCode.Reading(index, micros));
        }
        assertThat(luma.position()).isZero();
    }

    @Test
    void frameIndexKeepsLow32Bits() {
        ByteBuffer luma = grey(160, 120);
        PatternCode.draw(luma, 160, 160, 120, 0x1_0000_0007L, 42);
        assertThat(PatternCode.read(luma, 160, 160, 120)).isEqualTo(new PatternCode.Reading(7, 42));
    }

    @ParameterizedTest
    @CsvSource({"160,120", "640,360", "1280,720", "1920,1080"})
    void readsThroughNoise(int width, int height) {
        Random random = new Random(7);
        ByteBuffer luma = grey(width, height);
        for (int i = 0; i < 20; i++) {
            long index = random.nextInt() & 0xFFFF_FFFFL;
            long micros = 1_700_000_000_000_000L + random.nextInt(Integer.MAX_VALUE);
            PatternCode.draw(luma, width, width, height, index, micros);
            for (int p = 0; p < luma.capacity(); p++) {
                int v = (luma.get(p) & 0xff) + random.nextInt(61) - 30;
                luma.put(p, (byte) Math.max(0, Math.min(255, v)));
            }
            assertThat(PatternCode.read(luma, width, width, height))
                    .isEqualTo(new PatternCode.Reading(index, micros));
        }
    }

    @Test
    void corruptedBlockIsCaughtByTheCheck() {
        int width = 640;
        int height = 360;
        PatternCode.Geometry g = PatternCode.geometry(width, height);
        Random random = new Random(11);
        for (int block = 0; block < PatternCode.BITS; block++) {
            ByteBuffer luma = grey(width, height);
            PatternCode.draw(luma, width, width, height, random.nextInt() & 0xFFFF_FFFFL, random.nextLong());
            int x0 = (block % PatternCode.COLUMNS) * g.blockSize();
            int y0 = (block / PatternCode.COLUMNS) * g.blockSize();
            for (int y = y0; y < y0 + g.blockSize(); y++) {
                for (int x = x0; x < x0 + g.blockSize(); x++) {
                    luma.put(y * width + x, (byte) (luma.get(y * width + x) == PatternCode.WHITE ? 16 : 235));
                }
            }
            assertThat(PatternCode.read(luma, width, width, height)).as("block %d flipped", block).isNull();
        }
    }

    @Test
    void blankPictureReadsNothing() {
        assertThat(PatternCode.read(grey(1280, 720), 1280, 1280, 720)).isNull();
    }

    @Test
    void crcIsCcittFalseOverTheTwelveDataBytes() {
        // the 12 data bytes spell "123456789ABC"; Python's binascii.crc_hqx(b"123456789ABC", 0xFFFF) = 0x0CFF
        long index = ('1' << 24) | ('2' << 16) | ('3' << 8) | '4';
        long micros = ((long) '5' << 56) | ((long) '6' << 48) | ((long) '7' << 40) | ((long) '8' << 32)
                | ((long) '9' << 24) | ('A' << 16) | ('B' << 8) | 'C';
        assertThat(PatternCode.crc16(index, micros)).isEqualTo(0x0CFF);
    }

    private static ByteBuffer grey(int stride, int height) {
        ByteBuffer b = ByteBuffer.allocateDirect(stride * height);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 128);
        }
        return b;
    }
}
