package org.glasscast.sender.source.screen;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.ffmpeg.global.avutil;
import org.glasscast.sender.source.screen.Xlib.LibC;
import org.glasscast.sender.source.screen.Xlib.X11;
import org.glasscast.sender.source.screen.Xlib.Xext;

/**
 * Grabs one rectangle of the root window with MIT-SHM: the server writes the pixels straight
 * into a System V shared-memory segment, allocated once, that {@link #pixels()} views. Nothing
 * is allocated per grab.
 *
 * <p>The segment is marked for removal (IPC_RMID) as soon as both sides have attached it, so
 * the kernel frees it when the last one detaches, even if this process dies.
 * Pixels are 32-bit little-endian B, G, R, X ({@code AV_PIX_FMT_BGR0}). One thread.
 */
public final class ShmGrabber implements AutoCloseable {
    private final X11Display display;
    private final int x;
    private final int y;
    private final int width;
    private final int height;
    private final Memory shmInfo = new Memory(Xlib.SHMINFO_SIZE);
    private Pointer image;
    private Pointer shmAddress;
    private boolean attached;
    private final int stride;
    private final ByteBuffer pixels;

    /**
     * Prepares grabs of {@code width x height} at {@code x, y} of the root window.
     *
     * @throws IOException one line, when MIT-SHM is missing or the screen format is not 24/32-bit TrueColor
     * @throws IllegalArgumentException when the rectangle is not inside the screen
     */
    public ShmGrabber(X11Display display, int x, int y, int width, int height) throws IOException {
        if (x < 0 || y < 0 || width <= 0 || height <= 0
                || x + width > display.width() || y + height > display.height()) {
            throw new IllegalArgumentException("rectangle " + width + "x" + height + "+" + x + "+" + y
                    + " is outside the screen " + display.width() + "x" + display.height() + " of " + display.name());
        }
        if (!display.hasShm()) {
            throw new IOException("MIT-SHM not available on " + display.name()
                    + " (remote or restricted X server); use --source x11grab:" + display.name() + " instead");
        }
        this.display = display;
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        boolean success = false;
        try {
            Pointer dpy = display.handle();
            shmInfo.clear();
            image = Xext.XShmCreateImage(dpy, X11.XDefaultVisual(dpy, display.screen()),
                    X11.XDefaultDepth(dpy, display.screen()), Xlib.ZPIXMAP, null, shmInfo, width, height);
            if (image == null) {
                throw new IOException("XShmCreateImage failed for " + width + "x" + height + " on " + display.name());
            }
            checkFormat(image);
            stride = image.getInt(Xlib.XIMAGE_BYTES_PER_LINE);
            long bytes = (long) stride * height;
            int shmId = LibC.shmget(LibC.IPC_PRIVATE, bytes, LibC.IPC_CREAT | 0600);
            if (shmId < 0) {
                throw new IOException("shmget of " + bytes + " bytes failed (kernel.shmmax too small?)");
            }
            Pointer address = LibC.shmat(shmId, null, 0);
            if (address == null || Pointer.nativeValue(address) == -1L) {
                LibC.shmctl(shmId, LibC.IPC_RMID, null);
                throw new IOException("shmat of segment " + shmId + " failed");
            }
            shmAddress = address;
            shmInfo.setInt(Xlib.SHMINFO_SHMID, shmId);
            shmInfo.setPointer(Xlib.SHMINFO_SHMADDR, address);
            shmInfo.setInt(Xlib.SHMINFO_READONLY, 0);
            image.setPointer(Xlib.XIMAGE_DATA, address);
            int ok = Xext.XShmAttach(dpy, shmInfo);
            String error = display.syncAndTakeError();
            // the server has attached (or refused) by now: mark for removal so it cannot leak
            LibC.shmctl(shmId, LibC.IPC_RMID, null);
            if (ok == 0 || error != null) {
                throw new IOException("XShmAttach failed on " + display.name() + (error != null ? ": " + error : "")
                        + "; use --source x11grab:" + display.name() + " instead");
            }
            attached = true;
            pixels = address.getByteBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
            success = true;
        } finally {
            if (!success) {
                close();
            }
        }
    }

    private void checkFormat(Pointer img) throws IOException {
        int bpp = img.getInt(Xlib.XIMAGE_BITS_PER_PIXEL);
        int depth = img.getInt(Xlib.XIMAGE_DEPTH);
        int byteOrder = img.getInt(Xlib.XIMAGE_BYTE_ORDER);
        long red = img.getLong(Xlib.XIMAGE_RED_MASK);
        long green = img.getLong(Xlib.XIMAGE_GREEN_MASK);
        long blue = img.getLong(Xlib.XIMAGE_BLUE_MASK);
        if (bpp != 32 || byteOrder != 0 || red != 0xFF0000L || green != 0xFF00L || blue != 0xFFL) {
            throw new IOException("screen format of " + display.name() + " not supported: depth " + depth + ", "
                    + bpp + " bits per pixel (need 24/32-bit TrueColor, e.g. Xvfb -screen 0 1920x1080x24)");
        }
    }

    /**
     * Grabs the rectangle into {@link #pixels()}.
     *
     * @throws IOException when the server refuses (the screen shrank under the rectangle)
     */
    public void grab() throws IOException {
        if (Xext.XShmGetImage(display.handle(), display.root(), image, x, y, Xlib.ALL_PLANES) == 0) {
            String error = display.takeError();
            throw new IOException("XShmGetImage of " + width + "x" + height + "+" + x + "+" + y + " on "
                    + display.name() + " failed" + (error != null ? ": " + error : "") + " (screen resized?)");
        }
    }

    /** The last grab: {@link #stride()} × {@link #height()} bytes, B, G, R, X per pixel; absolute access only. */
    public ByteBuffer pixels() {
        return pixels;
    }

    /** Bytes per row of {@link #pixels()}. */
    public int stride() {
        return stride;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** {@code AV_PIX_FMT_BGR0}: the fourth byte is padding (alpha is undefined on a 24-bit screen). */
    public int pixelFormat() {
        return avutil.AV_PIX_FMT_BGR0;
    }

    @Override
    public void close() {
        if (attached) {
            Xext.XShmDetach(display.handle(), shmInfo);
            display.syncAndTakeError();
            attached = false;
        }
        if (image != null) {
            // XShm images own neither their pixels nor their segment info: XFree frees the struct only
            image.setPointer(Xlib.XIMAGE_DATA, null);
            X11.XFree(image);
            image = null;
        }
        if (shmAddress != null) {
            LibC.shmdt(shmAddress);
            shmAddress = null;
        }
    }
}
