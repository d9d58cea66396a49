package org.glasscast.viewer.window;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.lwjgl.stb.STBEasyFont;
import org.lwjgl.system.MemoryUtil;

/**
 * Draws the stats overlay (white text on a semi-transparent dark box, top-left), the red REC
 * mark (top-right) and, while the viewer waits for its stream, the waiting card (the window
 * dimmed, centred lines on a dark panel, over everything) with stb_easy_font: its quads, plus
 * the boxes as quads of the same layout, go into one vertex buffer drawn as indexed triangles
 * (GL 3.3 core has no quads), in two draws: the overlay at its scale, then the card at a larger
 * one. The buffer is rebuilt only when the text or the window size changes, a few times a
 * second. Render thread only.
 */
final class OverlayRenderer {
    private static final String VERTEX = """
            #version 330 core
            layout(location = 0) in vec2 position;
            layout(location = 1) in vec4 colourIn;
            uniform vec2 framebuffer;
            uniform float scale;
            out vec4 colour;
            void main() {
                vec2 p = position * scale;
                gl_Position = vec4(p.x / framebuffer.x * 2.0 - 1.0, 1.0 - p.y / framebuffer.y * 2.0, 0.0, 1.0);
                colour = colourIn;
            }
            """;
    private static final String FRAGMENT = """
            #version 330 core
            in vec4 colour;
            out vec4 fragment;
            void main() {
                fragment = colour;
            }
            """;
    /** stb_easy_font vertex: x, y, z as floats, then R, G, B, A bytes. */
    private static final int VERTEX_BYTES = 16;
    private static final int QUAD_BYTES = 4 * VERTEX_BYTES;
    private static final int MAX_QUADS = 8192;
    /** Text-space pixels between the box edge and the text, and between the box and the window edge. */
    static final int PADDING = 4;
    static final int MARGIN = 6;
    /** The card's text is at most this many times the overlay's, and at most this share of the window's width. */
    private static final float CARD_SCALE = 2f;
    private static final float CARD_MAX_WIDTH_SHARE = 0.9f;
    /** Text-space pixels from one card line to the next, and around the card's lines. */
    private static final int CARD_LINE = 14;
    /** stb_easy_font's glyphs stand this many text-space pixels high (descenders included): the last line's share. */
    private static final int GLYPH_HEIGHT = 10;
    private static final int CARD_PADDING = 8;

    private final GlProgram program = new GlProgram(VERTEX, FRAGMENT);
    private final int framebufferUniform = program.uniform("framebuffer");
    private final int scaleUniform = program.uniform("scale");
    private final int vao = glGenVertexArrays();
    private final int vbo = glGenBuffers();
    private final int ebo = glGenBuffers();
    private final ByteBuffer vertices = MemoryUtil.memAlloc(MAX_QUADS * QUAD_BYTES);
    private final ByteBuffer white = colour(255, 255, 255, 255);
    private final ByteBuffer red = colour(255, 40, 40, 255);
    private final ByteBuffer grey = colour(190, 190, 190, 255);
    private String stats;
    private String rec;
    private String card;
    private boolean cardOverPicture;
    private float cardScale;
    private int cardQuads;
    private int builtWidth;
    private int builtHeight;
    private int quads;
    private boolean dirty = true;

    OverlayRenderer() {
        glBindVertexArray(vao);
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glBufferData(GL_ARRAY_BUFFER, (long) MAX_QUADS * QUAD_BYTES, GL_DYNAMIC_DRAW);
        glVertexAttribPointer(0, 2, GL_FLOAT, false, VERTEX_BYTES, 0);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, true, VERTEX_BYTES, 12);
        glEnableVertexAttribArray(1);
        ByteBuffer indices = MemoryUtil.memAlloc(MAX_QUADS * 6 * Integer.BYTES);
        try {
            for (int q = 0; q < MAX_QUADS; q++) {
                int v = q * 4;
                indices.putInt(v).putInt(v + 1).putInt(v + 2).putInt(v).putInt(v + 2).putInt(v + 3);
            }
            indices.flip();
            glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo);
            glBufferData(GL_ELEMENT_ARRAY_BUFFER, indices, GL_STATIC_DRAW);
        } finally {
            MemoryUtil.memFree(indices);
        }
        glBindVertexArray(0);
    }

    /**
     * What to draw; rebuilt only when it differs from before.
     *
     * @param statsText lines separated by '\n', or null to hide the stats box
     * @param recText   the REC mark's text, or null when not recording
     */
    void setText(String statsText, String recText) {
        if (!Objects.equals(statsText, stats) || !Objects.equals(recText, rec)) {
            stats = statsText;
            rec = recText;
            dirty = true;
        }
    }

    /**
     * The waiting card; rebuilt only when it differs from before.
     *
     * @param cardText    lines separated by '\n' (the first one white, the rest grey), or null for no card
     * @param overPicture a picture is on screen: it is dimmed; otherwise the window is a plain dark grey
     * @return whether it differs from before (the window must be drawn again)
     */
    boolean setCard(String cardText, boolean overPicture) {
        if (Objects.equals(cardText, card) && (cardText == null || overPicture == cardOverPicture)) {
            return false;
        }
        card = cardText;
        cardOverPicture = overPicture;
        dirty = true;
        return true;
    }

    /** Text-space pixels are multiplied by this: legible from a 360-line window to a 4K screen. */
    static float scale(int framebufferHeight) {
        return Math.max(1f, Math.min(4f, framebufferHeight / 360f * 1.5f));
    }

    void draw(int framebufferWidth, int framebufferHeight) {
        if (stats == null && rec == null && card == null) {
            return;
        }
        float scale = scale(framebufferHeight);
        if (dirty || framebufferWidth != builtWidth || framebufferHeight != builtHeight) {
            build(framebufferWidth, framebufferHeight, scale);
            builtWidth = framebufferWidth;
            builtHeight = framebufferHeight;
            dirty = false;
        }
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        glUseProgram(program.id);
        glUniform2f(framebufferUniform, framebufferWidth, framebufferHeight);
        glUniform1f(scaleUniform, scale);
        glBindVertexArray(vao);
        glDrawElements(GL_TRIANGLES, (quads - cardQuads) * 6, GL_UNSIGNED_INT, 0);
        if (cardQuads > 0) {
            glUniform1f(scaleUniform, cardScale);
            glDrawElements(GL_TRIANGLES, cardQuads * 6, GL_UNSIGNED_INT, (long) (quads - cardQuads) * 6 * Integer.BYTES);
        }
        glBindVertexArray(0);
        glUseProgram(0);
        glDisable(GL_BLEND);
    }

    /**
     * Boxes first, then text over them, all in text-space pixels from the top-left: the dimming
     * and the overlay at {@code scale}, then the card at its own scale.
     */
    private void build(int framebufferWidth, int framebufferHeight, float scale) {
        float textSpaceWidth = framebufferWidth / scale;
        vertices.clear();
        quads = 0;
        cardQuads = 0;
        if (card != null) {
            if (cardOverPicture) {
                box(0, 0, textSpaceWidth, framebufferHeight / scale, 0, 0, 0, 165);
            } else {
                box(0, 0, textSpaceWidth, framebufferHeight / scale, 24, 26, 32, 255);
            }
        }
        if (stats != null) {
            int w = STBEasyFont.stb_easy_font_width(stats);
            int h = STBEasyFont.stb_easy_font_height(stats);
            box(MARGIN, MARGIN, MARGIN + w + 2 * PADDING, MARGIN + h + 2 * PADDING, 0, 0, 0, 170);
        }
        float recX = 0;
        if (rec != null) {
            int w = STBEasyFont.stb_easy_font_width(rec);
            int h = STBEasyFont.stb_easy_font_height(rec);
            recX = textSpaceWidth - MARGIN - w - 2 * PADDING - 10;
            box(recX, MARGIN, textSpaceWidth - MARGIN, MARGIN + h + 2 * PADDING, 0, 0, 0, 170);
            box(recX + PADDING, MARGIN + PADDING + 1, recX + PADDING + 6, MARGIN + PADDING + 7, 255, 40, 40, 255);
        }
        if (stats != null) {
            text(MARGIN + PADDING, MARGIN + PADDING, stats, white);
        }
        if (rec != null) {
            text(recX + PADDING + 10, MARGIN + PADDING, rec, red);
        }
        if (card != null) {
            int overlayQuads = quads;
            buildCard(framebufferWidth, framebufferHeight, scale);
            cardQuads = quads - overlayQuads;
        }
        vertices.flip();
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glBufferSubData(GL_ARRAY_BUFFER, 0, vertices);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
    }

    /** The card's lines, each centred, on a dark panel in the middle of the window (a few times a second at most). */
    private void buildCard(int framebufferWidth, int framebufferHeight, float scale) {
        String[] lines = card.split("\n");
        int widest = 0;
        for (String line : lines) {
            widest = Math.max(widest, STBEasyFont.stb_easy_font_width(line));
        }
        float panelWidth = widest + 2 * CARD_PADDING;
        float panelHeight = (lines.length - 1) * CARD_LINE + GLYPH_HEIGHT + 2 * CARD_PADDING;
        cardScale = Math.max(1f, Math.min(scale * CARD_SCALE, framebufferWidth * CARD_MAX_WIDTH_SHARE / panelWidth));
        float width = framebufferWidth / cardScale;
        float height = framebufferHeight / cardScale;
        float left = (width - panelWidth) / 2;
        float top = (height - panelHeight) / 2;
        box(left, top, left + panelWidth, top + panelHeight, 0, 0, 0, 200);
        for (int i = 0; i < lines.length; i++) {
            float x = (width - STBEasyFont.stb_easy_font_width(lines[i])) / 2;
            text(x, top + CARD_PADDING + i * CARD_LINE, lines[i], i == 0 ? white : grey);
        }
    }

    private void text(float x, float y, String s, ByteBuffer colour) {
        ByteBuffer rest = vertices.slice(vertices.position(), vertices.remaining());
        int n = STBEasyFont.stb_easy_font_print(x, y, s, colour, rest);
        vertices.position(vertices.position() + n * QUAD_BYTES);
        quads += n;
    }

    private void box(float x0, float y0, float x1, float y1, int r, int g, int b, int a) {
        if (vertices.remaining() < QUAD_BYTES) {
            return;
        }
        vertex(x0, y0, r, g, b, a);
        vertex(x1, y0, r, g, b, a);
        vertex(x1, y1, r, g, b, a);
        vertex(x0, y1, r, g, b, a);
        quads++;
    }

    private void vertex(float x, float y, int r, int g, int b, int a) {
        vertices.putFloat(x).putFloat(y).putFloat(0f).put((byte) r).put((byte) g).put((byte) b).put((byte) a);
    }

    private static ByteBuffer colour(int r, int g, int b, int a) {
        return MemoryUtil.memAlloc(4).put(0, (byte) r).put(1, (byte) g).put(2, (byte) b).put(3, (byte) a);
    }

    void delete() {
        program.delete();
        glDeleteBuffers(vbo);
        glDeleteBuffers(ebo);
        glDeleteVertexArrays(vao);
        MemoryUtil.memFree(vertices);
        MemoryUtil.memFree(white);
        MemoryUtil.memFree(red);
        MemoryUtil.memFree(grey);
    }
}
