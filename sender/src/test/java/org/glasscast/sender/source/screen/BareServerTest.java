package org.glasscast.sender.source.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.glasscast.protocol.clock.MediaClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An X server without MIT-SHM and XRandR, like a remote or minimal one. */
class BareServerTest {
    private static Xvfb xvfb;

    @BeforeAll
    static void startServer() throws Exception {
        xvfb = Xvfb.start(800, 600, "-extension", "MIT-SHM", "-extension", "RANDR");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @Test
    void withoutRandrTheWholeScreenIsMonitorZero() throws Exception {
        try (X11Display display = X11Display.open(xvfb.display())) {
            assertThat(display.monitors()).containsExactly(new X11Display.Monitor(0, "root", 0, 0, 800, 600));
            assertThat(display.hasShm()).isFalse();
        }
    }

    @Test
    void withoutMitShmTheMessageNamesTheFallback() {
        assertThatThrownBy(() -> new ScreenSource(xvfb.display(), MediaClock.system(), ScreenSpec.whole(), 0, 0, false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("MIT-SHM not available on " + xvfb.display())
                .hasMessageContaining("x11grab");
    }
}
