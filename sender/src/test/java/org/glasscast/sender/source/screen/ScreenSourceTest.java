package org.glasscast.sender.source.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glasscast.media.YuvFrame;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.protocol.pattern.PatternCode;
import org.glasscast.sender.source.VideoSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Screen capture of a private Xvfb, checked by the burned-in code a test client paints. */
class ScreenSourceTest {
    private static final long MICROS = 1_763_000_000_000_000L;
    private static Xvfb xvfb;
    private static ScreenPainter painter;
    private final MediaClock clock = MediaClock.system();

    @BeforeAll
    static void startServer() throws Exception {
        xvfb = Xvfb.start(1280, 720);
        painter = new ScreenPainter(xvfb.display());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (painter != null) {
            painter.close();
        }
        if (xvfb != null) {
            xvfb.close();
        }
    }

    private ScreenSource open(String spec, int maxWidth, int maxHeight, boolean cursor) throws IOException {
        return new ScreenSource(xvfb.display(), clock, ScreenSpec.parse(spec), maxWidth, maxHeight, cursor);
    }

    private static PatternCode.Reading read(YuvFrame frame) {
        return PatternCode.read(frame.y(), frame.strideY(), frame.width(), frame.height());
    }

    @Test
    void fullScreenCarriesEachPaintedIndex() throws Exception {
        try (ScreenSource source = open("screen", 0, 0, false)) {
            assertThat(source.width()).isEqualTo(1280);
            assertThat(source.height()).isEqualTo(720);
            assertThat(source.selfPaced()).isFalse();
            YuvFrame frame = new YuvFrame(1280, 720);
            for (long index = 40; index < 43; index++) {
                painter.paint(0, 0, 1280, 720, index, MICROS + index);
                long before = clock.nanoTime();
                long captured = source.capture(frame);
                assertThat(captured).isBetween(before, clock.nanoTime());
                assertThat(frame.captureNanos()).isEqualTo(captured);
                assertThat(frame.index()).isEqualTo(index - 40);
                assertThat(read(frame)).isEqualTo(new PatternCode.Reading(index, MICROS + index));
            }
        }
    }

    @Test
    void regionIsRelativeToTheMonitor() throws Exception {
        try (ScreenSource source = open("screen@100,60,640x360", 0, 0, false)) {
            assertThat(source.width()).isEqualTo(640);
            assertThat(source.height()).isEqualTo(360);
            YuvFrame frame = new YuvFrame(640, 360);
            painter.paint(100, 60, 640, 360, 7, MICROS);
            source.capture(frame);
            assertThat(read(frame)).isEqualTo(new PatternCode.Reading(7, MICROS));
        }
    }

    @Test
    void scaledToTheMaximumSize() throws Exception {
        try (ScreenSource source = open("screen", 640, 360, false)) {
            assertThat(source.width()).isEqualTo(640);
            assertThat(source.height()).isEqualTo(360);
            assertThat(source.describe()).isEqualTo("screen " + xvfb.display() + " monitor 0 1280x720+0+0 → 640x360");
            YuvFrame frame = new YuvFrame(640, 360);
            painter.paint(0, 0, 1280, 720, 123_456, MICROS);
            source.capture(frame);
            assertThat(read(frame)).isEqualTo(new PatternCode.Reading(123_456, MICROS));
        }
    }

    @Test
    void oddRegionIsMadeEven() throws Exception {
        try (ScreenSource source = open("screen@1,1,641x361", 0, 0, false)) {
            assertThat(source.width()).isEqualTo(640);
            assertThat(source.height()).isEqualTo(360);
        }
    }

    @Test
    void cursorIsDrawnAtThePointerAndTheCodeStillReads() throws Exception {
        painter.paint(0, 0, 1280, 720, 99, MICROS);
        painter.warpPointer(640, 400);
        try (ScreenSource plain = open("screen", 0, 0, false);
             ScreenSource withCursor = open("screen", 0, 0, true)) {
            YuvFrame without = new YuvFrame(1280, 720);
            YuvFrame with = new YuvFrame(1280, 720);
            plain.capture(without);
            withCursor.capture(with);
            assertThat(read(without)).isEqualTo(new PatternCode.Reading(99, MICROS));
            assertThat(read(with)).isEqualTo(new PatternCode.Reading(99, MICROS));
            assertThat(changedPixels(without, with, 600, 360, 680, 440)).as("pixels changed near the pointer")
                    .isPositive();
            assertThat(changedPixels(without, with, 0, 0, 1280, 300)).as("pixels changed far from it").isZero();
        }
    }

    @Test
    void stillScreenIsUnchangedUntilSomethingIsDrawnInTheRegion() throws Exception {
        try (ScreenSource source = open("screen@0,0,640x360", 0, 0, false)) {
            YuvFrame frame = new YuvFrame(640, 360);
            painter.paint(0, 0, 640, 360, 1, MICROS);
            assertThat(source.unchanged()).as("painted since the source opened").isFalse();
            source.capture(frame);
            assertThat(source.unchanged()).as("nothing drawn since").isTrue();
            painter.square(700, 400, 50, 30);
            assertThat(source.unchanged()).as("drawn outside the region only").isTrue();
            painter.square(600, 300, 50, 30);
            assertThat(source.unchanged()).as("drawn across the region's corner").isFalse();
            assertThat(source.unchanged()).as("the same change is not reported twice").isTrue();
        }
    }

    @Test
    void pointerMovingCountsAsAChangeOnlyWhenItIsDrawnIn() throws Exception {
        painter.warpPointer(100, 100);
        try (ScreenSource plain = open("screen", 0, 0, false);
             ScreenSource withCursor = open("screen", 0, 0, true)) {
            YuvFrame frame = new YuvFrame(1280, 720);
            plain.unchanged();
            withCursor.capture(frame);
            withCursor.unchanged();
            assertThat(withCursor.unchanged()).as("pointer still").isTrue();
            painter.warpPointer(300, 200);
            assertThat(plain.unchanged()).as("pointer moved, not drawn in").isTrue();
            assertThat(withCursor.unchanged()).as("pointer moved, drawn in").isFalse();
        }
    }

    private static int changedPixels(YuvFrame a, YuvFrame b, int x0, int y0, int x1, int y1) {
        int changed = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (a.y().get(y * a.strideY() + x) != b.y().get(y * b.strideY() + x)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    @Test
    void sharedMemoryIsMarkedForRemovalAndGoneAfterClose() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (ScreenSource source = open("screen", 0, 0, false)) {
            source.capture(new YuvFrame(1280, 720));
            List<String[]> mine = segmentsCreatedBy(pid);
            assertThat(mine).hasSize(1);
            assertThat(Integer.parseInt(mine.get(0)[2], 8) & 01000).as("SHM_DEST mode bit").isNotZero();
        }
        assertThat(segmentsCreatedBy(pid)).isEmpty();
    }

    @Test
    void openingAndClosingManyTimesLeavesNoSegmentOrDescriptor() throws Exception {
        long pid = ProcessHandle.current().pid();
        YuvFrame frame = new YuvFrame(320, 180);
        open("screen", 320, 180, true).close(); // first use loads libraries and opens their files
        long descriptors = openDescriptors();
        for (int i = 0; i < 50; i++) {
            try (ScreenSource source = open("screen@0,0,640x360", 320, 180, true)) {
                source.capture(frame);
            }
        }
        assertThat(segmentsCreatedBy(pid)).isEmpty();
        assertThat(openDescriptors()).as("a leak would be one X connection per source").isLessThan(descriptors + 5);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Rows of /proc/sysvipc/shm (key shmid perms size cpid ...) whose creator is {@code pid}. */
    private static List<String[]> segmentsCreatedBy(long pid) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/sysvipc/shm"))) {
            return lines.skip(1).map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length > 4 && f[4].equals(Long.toString(pid)))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void captureAfterCloseIsTheEnd() throws Exception {
        ScreenSource source = open("screen", 320, 180, false);
        source.close();
        assertThat(source.capture(new YuvFrame(320, 180))).isEqualTo(VideoSource.END);
        assertThat(source.width()).isEqualTo(320);
        assertThat(source.describe()).endsWith("→ 320x180");
        source.close();
    }

    @Test
    void monitorThatDoesNotExistIsNamed() {
        assertThatThrownBy(() -> open("screen:3", 0, 0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("screen:3: display " + xvfb.display() + " has only monitor 0");
    }

    @Test
    void regionOutsideTheMonitorIsNamed() {
        assertThatThrownBy(() -> open("screen@1000,600,640x360", 0, 0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("screen@1000,600,640x360: region 640x360+1000+600 is outside monitor 0 (1280x720)");
    }

    @Test
    void displayWithoutServerIsNamed() {
        assertThatThrownBy(() -> new ScreenSource(":249", clock, ScreenSpec.whole(), 0, 0, false))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot open X display :249 (no X server there, or access denied)");
    }

    @Test
    void displayListsTheWholeScreenAsMonitorZero() throws Exception {
        try (X11Display display = X11Display.open(xvfb.display())) {
            assertThat(display.monitors()).hasSize(1);
            assertThat(display.monitor(0).geometry()).isEqualTo("1280x720+0+0");
            assertThat(display.monitor(0).name()).as("Xvfb's RandR monitor").isEqualTo("screen");
            assertThat(display.hasShm()).isTrue();
            assertThat(display.hasXfixes()).isTrue();
        }
    }
}
