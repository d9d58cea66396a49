package org.glasscast.viewer.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Picture sizes and avcC from SPS/PPS that libx264 (Debian's ffmpeg) wrote. */
class H264ConfigTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PPS = HEX.parseHex("68ebe3cb22c0");

    private static H264Config parse(String spsHex) {
        return H264Config.of(HEX.parseHex(spsHex), PPS);
    }

    @Test
    void picturesSizesComeFromTheSpsWithCropping() {
        // High profile 1920x1088 coded, 8 lines cropped at the bottom
        H264Config hd = parse("67640028acd940780227e5c044000003000400000300c83c60c658");
        assertThat(hd.width()).isEqualTo(1920);
        assertThat(hd.height()).isEqualTo(1080);
        // 1366 is not a multiple of 16: cropped on the right as well
        assertThat(parse("67640020acd94056061e6f011000000300100000030320f1831960"))
                .extracting(H264Config::width, H264Config::height).containsExactly(1366, 768);
        assertThat(parse("6764000bacd942c4ec0440000003004000000c83c50a6580"))
                .extracting(H264Config::width, H264Config::height).containsExactly(176, 144);
        // High 4:4:4 Predictive: chroma_format_idc 3, crop unit of one pixel
        assertThat(parse("67f40028919b280f0044fc4e0220000003002000000641e30632c0"))
                .extracting(H264Config::width, H264Config::height).containsExactly(1920, 1080);
    }

    @Test
    void reorderDepthComesFromTheVuiOrFromTheProfile() {
        // libx264 at 640x360: -bf 3 (B-pyramid), -bf 2 -x264-params b-pyramid=none, -bf 0, -profile:v baseline
        assertThat(parse("6764001eacd940a02ff970110000030001000003003c0f162d96").reorderFrames()).isEqualTo(2);
        assertThat(parse("6764001eacd100a02ff970110000030001000003003c0f162d12").reorderFrames()).isEqualTo(1);
        assertThat(parse("6764001eacb201405ff2e022000003000200000300781e2c5c90").reorderFrames()).isZero();
        assertThat(parse("6742c01ed900a02ff970110000030001000003003c0f162e48").reorderFrames()).isZero();
        // High profile without a VUI: as many as the level's DPB holds (level 3.0, 8100 MBs over 40x23)
        assertThat(parse("6764001eacd940a02ff950").reorderFrames()).as("the -bf 3 SPS, its VUI flag cleared").isEqualTo(8);
    }

    @Test
    void avcCHoldsOneSpsOnePpsWithFourByteLengthsAndTheHighProfileExtension() {
        byte[] sps = HEX.parseHex("67640028acd940780227e5c044000003000400000300c83c60c658");
        byte[] avcC = H264Config.of(sps, PPS).avcC();
        assertThat(HEX.formatHex(avcC)).isEqualTo(
                "01640028" // version 1, profile 100 (High), compatibility 0, level 4.0
                + "ff" // 4-byte NAL lengths
                + "e1" + "001b" + HEX.formatHex(sps) // one SPS of 27 bytes
                + "01" + "0006" + HEX.formatHex(PPS) // one PPS of 6 bytes
                + "fd" + "f8" + "f8" + "00"); // 4:2:0, 8-bit luma and chroma, no SPS extensions
    }

    @Test
    void parameterSetsAreFoundInAnAnnexBAccessUnitOrNotAtAll() {
        ByteBuf au = Unpooled.wrappedBuffer(HEX.parseHex("00000001" + "6764000bacd942c4ec0440000003004000000c83c50a6580"
                + "000001" + "68ebe3cb22c0" + "00000001" + "6588840021"));
        assertThat(H264Config.of(au)).extracting(H264Config::width, H264Config::height).containsExactly(176, 144);
        assertThat(au.readerIndex()).isZero();
        au.release();
        ByteBuf slice = Unpooled.wrappedBuffer(HEX.parseHex("00000001" + "4188840021"));
        assertThat(H264Config.of(slice)).isNull();
        slice.release();
        assertThat(H264Config.of(HEX.parseHex("6764"), PPS)).as("truncated SPS").isNull();
    }
}
