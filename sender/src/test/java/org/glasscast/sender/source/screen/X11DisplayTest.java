package org.glasscast.sender.source.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class X11DisplayTest {

    @Test
    void displayVariableIsUsed() throws IOException {
        assertThat(X11Display.displayName(":99", null)).isEqualTo(":99");
        assertThat(X11Display.displayName(":0", "wayland-0")).isEqualTo(":0");
    }

    @Test
    void noDisplayIsNamed() {
        assertThatThrownBy(() -> X11Display.displayName(null, null))
                .isInstanceOf(IOException.class)
                .hasMessage("no X display: DISPLAY is not set");
        assertThatThrownBy(() -> X11Display.displayName(" ", ""))
                .hasMessage("no X display: DISPLAY is not set");
    }

    @Test
    void waylandWithoutXwaylandNamesTheFallbacks() {
        assertThatThrownBy(() -> X11Display.displayName(null, "wayland-0"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("WAYLAND_DISPLAY=wayland-0")
                .hasMessageContaining("kmsgrab")
                .hasMessageContaining("PipeWire")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingLibraryNamesTheDebianPackage() {
        Throwable loading = new ExceptionInInitializerError(new IllegalStateException(
                "libX11.so.6 not found: install libx11-6", new UnsatisfiedLinkError("libX11.so.6: cannot open")));
        assertThat(X11Display.loadFailure(loading)).isEqualTo("libX11.so.6 not found: install libx11-6");
        assertThat(X11Display.loadFailure(new NoClassDefFoundError("Xlib$X11")))
                .isEqualTo("java.lang.NoClassDefFoundError: Xlib$X11");
    }
}
