package org.glasscast.sender.source.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScreenSpecTest {

    @Test
    void wholeFirstMonitor() {
        assertThat(ScreenSpec.parse("screen")).isEqualTo(new ScreenSpec(0, null));
    }

    @Test
    void monitorIndex() {
        assertThat(ScreenSpec.parse("screen:1")).isEqualTo(new ScreenSpec(1, null));
    }

    @Test
    void regionOfFirstMonitor() {
        assertThat(ScreenSpec.parse("screen@100,100,1280x720"))
                .isEqualTo(new ScreenSpec(0, new ScreenSpec.Region(100, 100, 1280, 720)));
    }

    @Test
    void regionOfSecondMonitor() {
        ScreenSpec spec = ScreenSpec.parse("screen:1@0,0,640x480");
        assertThat(spec).isEqualTo(new ScreenSpec(1, new ScreenSpec.Region(0, 0, 640, 480)));
        assertThat(spec).hasToString("screen:1@0,0,640x480");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "screens|expected screen[:MONITOR][@X,Y,WxH]",
        "camera:0|expected screen[:MONITOR][@X,Y,WxH]",
        "screen:x|monitor 'x' is not a number",
        "screen:|monitor '' is not a number",
        "screen:-1|monitor '-1' is not a number",
        "screen@1,2,3|region '1,2,3' is not X,Y,WxH",
        "screen@|region '' is not X,Y,WxH",
        "screen:1@0,0,0x480|width and height > 0",
        "screen@-5,0,640x480|x and y must be >= 0",
        "screen@0,0,99999999999x480|number too large",
    })
    void badTextNamesWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> ScreenSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }
}
