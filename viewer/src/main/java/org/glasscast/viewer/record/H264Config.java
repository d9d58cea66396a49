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
            return s;
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
