package org.glasscast.viewer.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.glasscast.protocol.h264.NalUnit;

/**
 * What a file needs to know of an H.264 stream before its first frame: the picture size (from the
 * SPS) and the decoder configuration record (avcC), which is both MP4's avcC box and Matroska's
 * CodecPrivate for V_MPEG4/ISO/AVC.
 *
 * @see <a href="https://www.itu.int/rec/T-REC-H.264">H.264 §7.3.2.1.1 (SPS)</a>, ISO/IEC 14496-15 §5.3.3.1 (avcC)
 */
record H264Config(int width, int height, byte[] sps, byte[] pps) {

    /** The first SPS and PPS of an Annex B access unit, or null when it has not both or the SPS is unreadable. */
    static H264Config of(ByteBuf annexB) {
        byte[][] sets = new byte[2][];
        NalUnit.forEachInAnnexB(annexB, nal -> {
            int type = NalUnit.type(nal.getByte(nal.readerIndex()));
            if (type == NalUnit.SPS && sets[0] == null) {
                sets[0] = ByteBufUtil.getBytes(nal);
            } else if (type == NalUnit.PPS && sets[1] == null) {
                sets[1] = ByteBufUtil.getBytes(nal);
            }
        });
        return sets[0] == null || sets[1] == null ? null : of(sets[0], sets[1]);
    }

    /** From SPS and PPS NAL units (no start code); null when the SPS is unreadable. */
    static H264Config of(byte[] sps, byte[] pps) {
        try {
            Sps s = Sps.parse(sps);
            return new H264Config(s.width, s.height, sps, pps);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * How many frames may come before a frame in decode order and after it on screen (B-frames):
     * the SPS's max_num_reorder_frames, or what H.264 infers without it (0 for the Baseline
     * profile, which has no B-slices; else the level's DPB size, §A.3.1 and Table A-1).
     */
    int reorderFrames() {
        return Sps.parse(sps).reorderFrames;
    }

    /** Same picture size and parameter sets: a file started with one can go on with the other. */
    boolean sameAs(H264Config o) {
        return o != null && width == o.width && height == o.height && Arrays.equals(sps, o.sps)
                && Arrays.equals(pps, o.pps);
    }

    /** AVCDecoderConfigurationRecord with 4-byte NAL lengths, one SPS and one PPS. */
    byte[] avcC() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(1); // configurationVersion
        b.write(sps[1]); // AVCProfileIndication
        b.write(sps[2]); // profile_compatibility
        b.write(sps[3]); // AVCLevelIndication
        b.write(0xFF); // 6 reserved bits | lengthSizeMinusOne = 3
        b.write(0xE1); // 3 reserved bits | numOfSequenceParameterSets = 1
        b.write(sps.length >> 8);
        b.write(sps.length);
        b.write(sps, 0, sps.length);
        b.write(1); // numOfPictureParameterSets
        b.write(pps.length >> 8);
        b.write(pps.length);
        b.write(pps, 0, pps.length);
        Sps s = Sps.parse(sps);
        if (s.highProfile) {
            b.write(0xFC | s.chromaFormat); // 6 reserved bits | chroma_format
            b.write(0xF8 | s.bitDepthLumaMinus8);
            b.write(0xF8 | s.bitDepthChromaMinus8);
            b.write(0); // numOfSequenceParameterSetExt
        }
        return b.toByteArray();
    }

    /** The fields of an SPS this needs, H.264 §7.3.2.1.1. */
    private static final class Sps {
        int width;
        int height;
        boolean highProfile;
        int chromaFormat = 1;
        int bitDepthLumaMinus8;
        int bitDepthChromaMinus8;
        int reorderFrames;

        static Sps parse(byte[] nal) {
            if (nal.length < 4 || NalUnit.type(nal[0]) != NalUnit.SPS) {
                throw new IllegalArgumentException("not an SPS");
            }
            Bits r = new Bits(nal);
            Sps s = new Sps();
            int profile = nal[1] & 0xFF;
            r.skip(8 * 4); // NAL header, profile_idc, constraint flags, level_idc
            r.ue(); // seq_parameter_set_id
            boolean separateColourPlane = false;
            s.highProfile = switch (profile) {
                case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
                default -> false;
            };
            if (s.highProfile) {
                s.chromaFormat = r.ue();
                if (s.chromaFormat == 3) {
                    separateColourPlane = r.bit();
                }
                s.bitDepthLumaMinus8 = r.ue();
                s.bitDepthChromaMinus8 = r.ue();
                r.skip(1); // qpprime_y_zero_transform_bypass_flag
                if (r.bit()) { // seq_scaling_matrix_present_flag
                    for (int i = 0; i < (s.chromaFormat != 3 ? 8 : 12); i++) {
                        if (r.bit()) {
                            skipScalingList(r, i < 6 ? 16 : 64);
                        }
                    }
                }
            }
            r.ue(); // log2_max_frame_num_minus4
            int pocType = r.ue();
            if (pocType == 0) {
                r.ue(); // log2_max_pic_order_cnt_lsb_minus4
            } else if (pocType == 1) {
                r.skip(1); // delta_pic_order_always_zero_flag
                r.se(); // offset_for_non_ref_pic
                r.se(); // offset_for_top_to_bottom_field
                int cycle = r.ue();
                for (int i = 0; i < cycle; i++) {
                    r.se();
                }
            }
            r.ue(); // max_num_ref_frames
            r.skip(1); // gaps_in_frame_num_value_allowed_flag
            int widthMbs = r.ue() + 1;
            int heightMapUnits = r.ue() + 1;
            boolean frameMbsOnly = r.bit();
            if (!frameMbsOnly) {
                r.skip(1); // mb_adaptive_frame_field_flag
            }
            r.skip(1); // direct_8x8_inference_flag
            int cropLeft = 0;
            int cropRight = 0;
            int cropTop = 0;
            int cropBottom = 0;
            if (r.bit()) { // frame_cropping_flag
                cropLeft = r.ue();
                cropRight = r.ue();
                cropTop = r.ue();
                cropBottom = r.ue();
            }
            int chromaArrayType = separateColourPlane ? 0 : s.chromaFormat;
            int fieldFactor = frameMbsOnly ? 1 : 2;
            int cropUnitX = chromaArrayType == 0 || chromaArrayType == 3 ? 1 : 2;
            int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * fieldFactor;
            s.width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
            s.height = fieldFactor * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
            if (s.width <= 0 || s.height <= 0) {
                throw new IllegalArgumentException("SPS gives no picture");
            }
            int frameHeightMbs = (2 - (frameMbsOnly ? 1 : 0)) * heightMapUnits;
            s.reorderFrames = profile == 66 ? 0 : maxDpbFrames(nal[3] & 0xFF, (nal[2] & 0x10) != 0,
                    widthMbs * frameHeightMbs);
            try {
                if (r.bit()) { // vui_parameters_present_flag
                    readVui(r, s);
                }
            } catch (IndexOutOfBoundsException | IllegalArgumentException cutShort) {
                // a VUI cut short: the size is known, the inferred reorder depth stands
            }
            return s;
        }

        /** E.1.1: everything up to bitstream_restriction, which holds max_num_reorder_frames. */
        private static void readVui(Bits r, Sps s) {
            if (r.bit()) { // aspect_ratio_info_present_flag
                if (r.bits(8) == 255) { // Extended_SAR
                    r.skip(32);
                }
            }
            if (r.bit()) { // overscan_info_present_flag
                r.skip(1);
            }
            if (r.bit()) { // video_signal_type_present_flag
                r.skip(4); // video_format, video_full_range_flag
                if (r.bit()) { // colour_description_present_flag
                    r.skip(24);
                }
            }
            if (r.bit()) { // chroma_loc_info_present_flag
                r.ue();
                r.ue();
            }
            if (r.bit()) { // timing_info_present_flag
                r.skip(65); // num_units_in_tick, time_scale, fixed_frame_rate_flag
            }
            boolean nalHrd = r.bit();
            if (nalHrd) {
                skipHrd(r);
            }
            boolean vclHrd = r.bit();
            if (vclHrd) {
                skipHrd(r);
            }
            if (nalHrd || vclHrd) {
                r.skip(1); // low_delay_hrd_flag
            }
            r.skip(1); // pic_struct_present_flag
            if (r.bit()) { // bitstream_restriction_flag
                r.skip(1); // motion_vectors_over_pic_boundaries_flag
                for (int i = 0; i < 4; i++) {
                    r.ue(); // max_bytes_per_pic_denom, max_bits_per_mb_denom, log2_max_mv_length_h/v
                }
                s.reorderFrames = Math.min(16, r.ue()); // max_num_reorder_frames
            }
        }

        /** E.1.2 hrd_parameters. */
        private static void skipHrd(Bits r) {
            int cpbCount = r.ue() + 1;
            r.skip(8); // bit_rate_scale, cpb_size_scale
            for (int i = 0; i < cpbCount; i++) {
                r.ue(); // bit_rate_value_minus1
                r.ue(); // cpb_size_value_minus1
                r.skip(1); // cbr_flag
            }
            r.skip(20); // four 5-bit lengths and delays
        }

        /** Table A-1's MaxDpbMbs over the frame size in macroblocks, at most 16. */
        private static int maxDpbFrames(int levelIdc, boolean constraintSet3, int frameMbs) {
            int maxDpbMbs = switch (levelIdc) {
                case 9, 10 -> 396;
                case 11 -> constraintSet3 ? 396 : 900;
                case 12, 13, 20 -> 2376;
                case 21 -> 4752;
                case 22, 30 -> 8100;
                case 31 -> 18000;
                case 32 -> 20480;
                case 40, 41 -> 32768;
                case 42 -> 34816;
                case 50 -> 110400;
                case 51, 52 -> 184320;
                default -> 696320; // 6.x, or unknown: the most any level allows
            };
            return Math.max(1, Math.min(16, maxDpbMbs / Math.max(1, frameMbs)));
        }

        private static void skipScalingList(Bits r, int size) {
            int last = 8;
            int next = 8;
            for (int j = 0; j < size; j++) {
                if (next != 0) {
                    next = (last + r.se() + 256) % 256;
                }
                last = next == 0 ? last : next;
            }
        }
    }

    /** Exp-Golomb reader over an RBSP; emulation prevention bytes (00 00 03) are skipped. */
    private static final class Bits {
        private final byte[] data;
        private int bytePos;
        private int bitPos;
        private int zeros;

        Bits(byte[] data) {
            this.data = data;
        }

        boolean bit() {
            if (bitPos == 0) {
                if (zeros >= 2 && data[bytePos] == 3) {
                    bytePos++; // emulation_prevention_three_byte
                    zeros = 0;
                }
                zeros = data[bytePos] == 0 ? zeros + 1 : 0;
            }
            boolean b = ((data[bytePos] >> (7 - bitPos)) & 1) != 0;
            if (++bitPos == 8) {
                bitPos = 0;
                bytePos++;
            }
            return b;
        }

        void skip(int n) {
            for (int i = 0; i < n; i++) {
                bit();
            }
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = v << 1 | (bit() ? 1 : 0);
            }
            return v;
        }

        int ue() {
            int leading = 0;
            while (!bit()) {
                if (++leading > 31) {
                    throw new IllegalArgumentException("bad Exp-Golomb code");
                }
            }
            long v = 0;
            for (int i = 0; i < leading; i++) {
                v = v << 1 | (bit() ? 1 : 0);
            }
            return (int) ((1L << leading) - 1 + v);
        }

        int se() {
            int k = ue();
            return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
