package org.glasscast.viewer.window;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.ByteBuffer;

/**
 * Draws the picture: Y, U and V as three R8 textures (4:2:0, 4:2:2 or 4:4:4; packed RGB streams:
 * one RGB8 texture) (reallocated only when the size changes,
 * refilled with {@code glTexSubImage2D} straight from the planes with their strides as
 * {@code GL_UNPACK_ROW_LENGTH}), converted to RGB in the fragment shader with the stream's matrix
 * and range, into the largest rectangle of the picture's aspect that fits (letterbox). Render
 * thread only.
 *
 * <p>No pixel buffer objects (not tried): measured on Mesa llvmpipe (2 busy cores) the upload takes
 * 2-6 ms of a frame whose draw takes 25-80 ms at 720p-1080p, nearly all of it the three texture
 * fetches per pixel (a constant-colour fill of 1080p: 11 ms), so moving the copy could not help much.
 */
final class PictureRenderer {
    private static final String VERTEX = """
            #version 330 core
            out vec2 uv;
            void main() {
                vec2 p = vec2(gl_VertexID & 1, gl_VertexID >> 1);
                uv = vec2(p.x, 1.0 - p.y);
                gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
            }
            """;
    private static final String FRAGMENT = """
            #version 330 core
            in vec2 uv;
            out vec4 colour;
            uniform sampler2D planeY;
            uniform sampler2D planeU;
            uniform sampler2D planeV;
            uniform mat3 yuvToRgb;
            uniform vec3 offset;
            uniform bool rgb;
            void main() {
                if (rgb) {
                    colour = vec4(texture(planeY, uv).rgb, 1.0);
                    return;
                }
                vec3 yuv = vec3(texture(planeY, uv).r, texture(planeU, uv).r, texture(planeV, uv).r) - offset;
                colour = vec4(clamp(yuvToRgb * yuv, 0.0, 1.0), 1.0);
            }
            """;

    private final GlProgram program = new GlProgram(VERTEX, FRAGMENT);
    private final int matrixUniform = program.uniform("yuvToRgb");
    private final int offsetUniform = program.uniform("offset");
    private final int rgbUniform = program.uniform("rgb");
    private final int vao = glGenVertexArrays();
    private final int[] textures = new int[3];
    private final int[] textureWidths = new int[3];
    private final int[] textureHeights = new int[3];
    private final int[] textureFormats = new int[3];
    private int filter;
    private int width;
    private int height;
    private boolean bt709;
    private boolean fullRange;
    private boolean rgb;

    PictureRenderer() {
        glGenTextures(textures);
        for (int t : textures) {
            glBindTexture(GL_TEXTURE_2D, t);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        }
        glUseProgram(program.id);
        glUniform1i(program.uniform("planeY"), 0);
        glUniform1i(program.uniform("planeU"), 1);
        glUniform1i(program.uniform("planeV"), 2);
        glUseProgram(0);
    }

    /** Whether a picture has been uploaded. */
    boolean hasPicture() {
        return width > 0;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    void upload(YuvFrame f) {
        width = f.width();
        height = f.height();
        bt709 = f.bt709();
        fullRange = f.fullRange();
        rgb = f.rgb();
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        for (int i = 0; i < (rgb ? 1 : 3); i++) {
            int w = f.planeWidth(i);
            int h = f.planeHeight(i);
            int format = rgb ? GL_RGB : GL_RED;
            glBindTexture(GL_TEXTURE_2D, textures[i]);
            if (w != textureWidths[i] || h != textureHeights[i] || format != textureFormats[i]) {
                glTexImage2D(GL_TEXTURE_2D, 0, rgb ? GL_RGB8 : GL_R8, w, h, 0, format, GL_UNSIGNED_BYTE,
                        (ByteBuffer) null);
                textureWidths[i] = w;
                textureHeights[i] = h;
                textureFormats[i] = format;
            }
            glPixelStorei(GL_UNPACK_ROW_LENGTH, rgb ? f.stride(i) / 3 : f.stride(i)); // in pixels
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, format, GL_UNSIGNED_BYTE, f.plane(i));
        }
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    }

    /** Clears the framebuffer to black and draws the picture letterboxed into it. */
    void draw(int framebufferWidth, int framebufferHeight) {
        glViewport(0, 0, framebufferWidth, framebufferHeight);
        int[] r = hasPicture() ? letterbox(width, height, framebufferWidth, framebufferHeight) : null;
        if (r == null || r[2] != framebufferWidth || r[3] != framebufferHeight) { // bars, or nothing yet
            glClearColor(0f, 0f, 0f, 1f);
            glClear(GL_COLOR_BUFFER_BIT);
        }
        if (r == null) {
            return;
        }
        glViewport(r[0], r[1], r[2], r[3]);
        // shown 1:1, nearest is exact and on llvmpipe about twice as fast as linear (measured: 720p 27 vs 62 ms
        // a draw on a loaded machine); scaled, linear keeps edges smooth
        filter(r[2] == width && r[3] == height ? GL_NEAREST : GL_LINEAR);
        glUseProgram(program.id);
        glUniformMatrix3fv(matrixUniform, false, ColourMatrix.matrix(bt709, fullRange));
        glUniform3fv(offsetUniform, ColourMatrix.offset(fullRange));
        glUniform1i(rgbUniform, rgb ? 1 : 0);
        for (int i = 0; i < 3; i++) {
            glActiveTexture(GL_TEXTURE0 + i);
            glBindTexture(GL_TEXTURE_2D, textures[i]);
        }
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
        glBindVertexArray(0);
        glUseProgram(0);
        glViewport(0, 0, framebufferWidth, framebufferHeight);
    }

    private void filter(int f) {
        if (f == filter) {
            return;
        }
        filter = f;
        for (int t : textures) {
            glBindTexture(GL_TEXTURE_2D, t);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, f);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, f);
        }
    }

    /**
     * The largest rectangle of the picture's aspect inside the framebuffer, centred: x, y (from
     * the bottom, as GL counts), width, height.
     */
    static int[] letterbox(int pictureWidth, int pictureHeight, int fbWidth, int fbHeight) {
        long scaledWidth = (long) fbHeight * pictureWidth / pictureHeight;
        int w;
        int h;
        if (scaledWidth <= fbWidth) {
            w = (int) scaledWidth;
            h = fbHeight;
        } else {
            w = fbWidth;
            h = (int) ((long) fbWidth * pictureHeight / pictureWidth);
        }
        return new int[] {(fbWidth - w) / 2, (fbHeight - h) / 2, w, h};
    }

    void delete() {
        program.delete();
        glDeleteTextures(textures);
        glDeleteVertexArrays(vao);
    }
}
