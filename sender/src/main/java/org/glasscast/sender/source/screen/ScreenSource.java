package org.glasscast.sender.source.screen;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.glasscast.media.Scaler;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.sender.source.VideoSource;

/**
 * {@code --source screen[:MONITOR][@X,Y,WxH]}: a monitor or a region of it, grabbed with MIT-SHM
 * at the sender's deadlines, the pointer drawn in on request, scaled to I420 with swscale.
 *
 * <p>The grabbed region is made even (one column or row dropped) so that at native size the
 * conversion does not resample. {@link #capture} and {@link #close} are serialized: a close from
 * another thread waits for the grab in progress (about a millisecond), then the next capture
 * answers {@link #END}.
 *
 * <p>If the X server goes away mid-stream, Xlib reports a fatal I/O error and ends the process
 * (exit code 1); Xlib offers no way to recover a connection.
 */
public final class ScreenSource implements VideoSource {
    private final MediaClock clock;
    private final X11Display display;
    private final int regionX;
    private final int regionY;
    private final int width;
    private final int height;
    private final String description;
    private ShmGrabber grabber;
    private CursorOverlay cursor;
    private ScreenDamage damage;
    /**
     * Something was drawn in {@link #raceBox} while the last picture was being grabbed, so the
     * grab may or may not hold it; {@link #raceCopy} holds that box as grabbed (BGRA rows).
     */
    private boolean raceSuspect;
    private final int[] raceBox = new int[4];
    private byte[] raceCopy = new byte[0];
    /** {@link #unchanged()} already grabbed the next picture, at this instant. */
    private boolean grabbedAhead;
    private long grabbedAheadNanos;
    private Scaler scaler;
    private long index;
    private boolean closed;

    /**
     * Captures from the display named by {@code DISPLAY}.
     *
     * @param maxWidth  largest output width, 0 with {@code maxHeight} 0 for the region's own size
     * @param cursor    whether to draw the mouse pointer in
     * @throws IOException              one line, when the display cannot be used
     * @throws IllegalArgumentException one line, when the monitor or region does not exist
     */
    public ScreenSource(MediaClock clock, ScreenSpec spec, int maxWidth, int maxHeight, boolean cursor)
            throws IOException {
        this(X11Display.open(), clock, spec, maxWidth, maxHeight, cursor);
    }

    /** As {@link #ScreenSource(MediaClock, ScreenSpec, int, int, boolean)}, on the display named {@code displayName}. */
    public ScreenSource(String displayName, MediaClock clock, ScreenSpec spec, int maxWidth, int maxHeight,
                        boolean cursor) throws IOException {
        this(X11Display.open(displayName), clock, spec, maxWidth, maxHeight, cursor);
    }

    /** Takes ownership of {@code display}: it is closed with this source, or now if this throws. */
    private ScreenSource(X11Display display, MediaClock clock, ScreenSpec spec, int maxWidth, int maxHeight,
                         boolean drawCursor) throws IOException {
        this.clock = clock;
        this.display = display;
        boolean success = false;
        try {
            X11Display.Monitor monitor = display.monitor(spec.monitor());
            ScreenSpec.Region region = spec.region() != null ? spec.region()
                    : new ScreenSpec.Region(0, 0, monitor.width(), monitor.height());
            if (region.x() + region.width() > monitor.width() || region.y() + region.height() > monitor.height()) {
                throw new IllegalArgumentException(spec + ": region " + region + " is outside monitor "
                        + monitor.index() + " (" + monitor.width() + "x" + monitor.height() + ")");
            }
            int grabWidth = region.width() & ~1;
            int grabHeight = region.height() & ~1;
            if (grabWidth == 0 || grabHeight == 0) {
                throw new IllegalArgumentException(spec + ": region " + region + " is too small (2x2 at least)");
            }
            this.regionX = monitor.x() + region.x();
            this.regionY = monitor.y() + region.y();
            this.grabber = new ShmGrabber(display, regionX, regionY, grabWidth, grabHeight);
            this.cursor = drawCursor ? new CursorOverlay(display) : null;
            this.damage = ScreenDamage.track(display, regionX, regionY, grabWidth, grabHeight);
            int[] size = Scaler.fit(grabWidth, grabHeight, maxWidth, maxHeight);
            this.scaler = new Scaler(size[0], size[1]);
            this.width = size[0];
            this.height = size[1];
            this.description = "screen " + display.name() + " monitor " + monitor.index() + " " + grabWidth + "x"
                    + grabHeight + "+" + regionX + "+" + regionY + " → " + width + "x" + height
                    + (drawCursor ? " with cursor" : "") + (damage == null ? ", no DAMAGE: every tick grabbed" : "");
            success = true;
        } finally {
            if (!success) {
                release();
            }
        }
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public boolean selfPaced() {
        return false;
    }

    /**
     * True when X DAMAGE says nothing in the region was drawn since the last look and the pointer
     * (if drawn in) did not move: the picture would be the last one again.
     *
     * <p>The look and the grab cannot be one step: something drawn between them is in the grab and
     * also reported at the next look, which would send the same picture again. So the damage is
     * also taken right after each grab; if some was drawn meanwhile, that area is kept, and when
     * nothing else changes the next look grabs again and compares the area: identical pixels mean
     * the change was already sent.
     */
    @Override
    public synchronized boolean unchanged() throws IOException {
        if (closed || damage == null) {
            return false;
        }
        boolean moved = cursor != null && cursor.moved();
        if (damage.changed() || moved) {
            raceSuspect = false;
            return false;
        }
        if (!raceSuspect) {
            return true;
        }
        raceSuspect = false;
        int bx = raceBox[0];
        int by = raceBox[1];
        int bw = raceBox[2];
        int bh = raceBox[3];
        grabber.grab();
        grabbedAheadNanos = clock.nanoTime();
        boolean same = sameAsCopy(bx, by, bw, bh);
        watchAfterGrab();
        grabbedAhead = !same;
        return same;
    }

    @Override
    public synchronized long capture(YuvFrame frame) throws IOException {
        if (closed) {
            return END;
        }
        long nanos;
        if (grabbedAhead) {
            grabbedAhead = false;
            nanos = grabbedAheadNanos;
        } else {
            grabber.grab();
            nanos = clock.nanoTime();
            watchAfterGrab();
        }
        if (cursor != null) {
            cursor.draw(grabber.pixels(), grabber.stride(), grabber.width(), grabber.height(), regionX, regionY);
        }
        scaler.scale(grabber.pixels(), grabber.width(), grabber.height(), grabber.stride(), grabber.pixelFormat(),
                frame);
        frame.index(index++).captureNanos(nanos).captureMicros(clock.unixMicrosAt(nanos)).flash(false);
        return nanos;
    }

    /** Takes what was drawn during the grab just made and keeps a copy of that area as grabbed. */
    private void watchAfterGrab() {
        if (damage == null || !damage.take(raceBox)) {
            return;
        }
        int rowBytes = raceBox[2] * 4;
        int bytes = rowBytes * raceBox[3];
        if (raceCopy.length < bytes) {
            raceCopy = new byte[bytes]; // grows to the region's size at most, once
        }
        ByteBuffer pixels = grabber.pixels();
        for (int row = 0; row < raceBox[3]; row++) {
            pixels.get((raceBox[1] + row) * grabber.stride() + raceBox[0] * 4, raceCopy, row * rowBytes, rowBytes);
        }
        raceSuspect = true;
    }

    private boolean sameAsCopy(int x, int y, int w, int h) {
        ByteBuffer pixels = grabber.pixels();
        int rowBytes = w * 4;
        for (int row = 0; row < h; row++) {
            int at = (y + row) * grabber.stride() + x * 4;
            if (pixels.slice(at, rowBytes).mismatch(ByteBuffer.wrap(raceCopy, row * rowBytes, rowBytes)) != -1) {
                return false;
            }
        }
        return true;
    }

    /** {@code screen :99 monitor 0 1920x1080+0+0 → 1280x720}. */
    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    private void release() {
        if (scaler != null) {
            scaler.close();
            scaler = null;
        }
        cursor = null;
        if (damage != null) {
            damage.close();
            damage = null;
        }
        if (grabber != null) {
            grabber.close();
            grabber = null;
        }
        display.close();
    }
}
