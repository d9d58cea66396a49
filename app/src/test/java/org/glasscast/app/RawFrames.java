package org.glasscast.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.pattern.PatternCode;

/** Reads the burned-in codes of a file of raw 8-bit grey frames (what a peer decoded for us). */
final class RawFrames {
    private RawFrames() {
    }

    /** The frame index of each frame, in file order; -1 where the code was unreadable. */
    static List<Long> indices(Path file, int width, int height) throws IOException {
        List<Long> out = new ArrayList<>();
        byte[] frame = new byte[width * height];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.readNBytes(frame, 0, frame.length) == frame.length) {
                PatternCode.Reading r = PatternCode.read(ByteBuffer.wrap(frame), width, width, height);
                out.add(r == null ? -1L : r.frameIndex());
            }
        }
        return out;
    }

    /**
     * Asserts the indices only rise, every one readable, with at most {@code missing} indices left
     * out in all (frames the sender dropped and counted); returns how many frames there were.
     */
    static int assertInOrder(List<Long> indices, long missing) {
        if (indices.isEmpty()) {
            throw new AssertionError("no frames");
        }
        long skipped = 0;
        for (int i = 1; i < indices.size(); i++) {
            long step = indices.get(i) - indices.get(i - 1);
            if (indices.get(i) < 0 || step < 1) {
                throw new AssertionError("frame " + i + " carries index " + indices.get(i) + " after "
                        + indices.get(i - 1) + " (all: " + indices + ")");
            }
            skipped += step - 1;
        }
        if (skipped > missing) {
            throw new AssertionError(skipped + " indices missing, the sender dropped " + missing + " (all: " + indices
                    + ")");
        }
        return indices.size();
    }

    /** Asserts the indices run without a gap or repeat, and returns how many frames there were. */
    static int assertContiguous(List<Long> indices) {
        if (indices.isEmpty()) {
            throw new AssertionError("no frames");
        }
        for (int i = 0; i < indices.size(); i++) {
            if (indices.get(i) != indices.get(0) + i) {
                throw new AssertionError("frame " + i + " carries index " + indices.get(i) + ", expected "
                        + (indices.get(0) + i) + " (all: " + indices + ")");
            }
        }
        return indices.size();
    }
}
