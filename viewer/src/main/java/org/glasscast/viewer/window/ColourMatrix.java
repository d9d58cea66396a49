package org.glasscast.viewer.window;

/**
 * Y'CbCr → R'G'B' for the fragment shader: {@code rgb = matrix * (yuv - offset)}, with the
 * samples as the shader reads them (0..1 for 0..255), the range expansion folded into the matrix.
 *
 * @see <a href="https://www.itu.int/rec/R-REC-BT.601">BT.601</a> (Kr 0.299, Kb 0.114),
 *      <a href="https://www.itu.int/rec/R-REC-BT.709">BT.709</a> (Kr 0.2126, Kb 0.0722)
 */
final class ColourMatrix {
    private ColourMatrix() {
    }

    /** Column-major 3x3 (as {@code glUniformMatrix3fv} takes it without transposing). */
    static float[] matrix(boolean bt709, boolean fullRange) {
        double kr = bt709 ? 0.2126 : 0.299;
        double kb = bt709 ? 0.0722 : 0.114;
        double kg = 1 - kr - kb;
        double ys = fullRange ? 1 : 255.0 / 219; // limited: Y' 16..235
        double cs = fullRange ? 1 : 255.0 / 224; // limited: Cb, Cr 16..240
        double rCr = 2 * (1 - kr);
        double bCb = 2 * (1 - kb);
        double gCb = -bCb * kb / kg;
        double gCr = -rCr * kr / kg;
        return new float[] {
            (float) ys, (float) ys, (float) ys, // column Y
            0f, (float) (gCb * cs), (float) (bCb * cs), // column Cb
            (float) (rCr * cs), (float) (gCr * cs), 0f, // column Cr
        };
    }

    /** What is subtracted from (Y, Cb, Cr) before the matrix. */
    static float[] offset(boolean fullRange) {
        return new float[] {fullRange ? 0f : 16f / 255, 128f / 255, 128f / 255};
    }

    /** The matrix applied on the CPU, for tests: 8-bit samples in, 0..1 (unclamped) out. */
    static double[] toRgb(boolean bt709, boolean fullRange, int y, int cb, int cr) {
        float[] m = matrix(bt709, fullRange);
        float[] o = offset(fullRange);
        double[] v = {y / 255.0 - o[0], cb / 255.0 - o[1], cr / 255.0 - o[2]};
        double[] rgb = new double[3];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                rgb[row] += m[col * 3 + row] * v[col];
            }
        }
        return rgb;
    }
}
