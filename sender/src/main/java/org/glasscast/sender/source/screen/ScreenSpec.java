package org.glasscast.sender.source.screen;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --source screen[:MONITOR][@X,Y,WxH]} asks for: a monitor (0 = the first) and
 * optionally a region of it, in pixels relative to the monitor's top-left corner.
 *
 * @param monitor index into the display's monitor list, 0 when not given
 * @param region  the part of the monitor, or null for all of it
 */
public record ScreenSpec(int monitor, Region region) {
    private static final Pattern SYNTAX = Pattern.compile("screen(?::([^@]*))?(?:@(.*))?");
    private static final Pattern REGION = Pattern.compile("(-?\\d+),(-?\\d+),(\\d+)x(\\d+)");

    /** A rectangle in pixels; x, y relative to the monitor. */
    public record Region(int x, int y, int width, int height) {
        public Region {
            if (x < 0 || y < 0 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("region " + x + "," + y + "," + width + "x" + height
                        + ": x and y must be >= 0, width and height > 0");
            }
        }

        @Override
        public String toString() {
            return width + "x" + height + "+" + x + "+" + y;
        }
    }

    public ScreenSpec {
        if (monitor < 0) {
            throw new IllegalArgumentException("monitor " + monitor + ": must be >= 0");
        }
    }

    /** The whole first monitor. */
    public static ScreenSpec whole() {
        return new ScreenSpec(0, null);
    }

    /**
     * Parses {@code screen}, {@code screen:1}, {@code screen@100,100,1280x720},
     * {@code screen:1@0,0,640x480}.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad part
     */
    public static ScreenSpec parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("screen source: missing text");
        }
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "': expected screen[:MONITOR][@X,Y,WxH]");
        }
        int monitor = 0;
        String monitorText = m.group(1);
        if (monitorText != null) {
            if (!monitorText.matches("\\d{1,4}")) {
                throw new IllegalArgumentException("'" + text + "': monitor '" + monitorText
                        + "' is not a number (0 = first monitor)");
            }
            monitor = Integer.parseInt(monitorText);
        }
        Region region = null;
        String regionText = m.group(2);
        if (regionText != null) {
            Matcher r = REGION.matcher(regionText);
            if (!r.matches()) {
                throw new IllegalArgumentException("'" + text + "': region '" + regionText
                        + "' is not X,Y,WxH (e.g. @100,100,1280x720)");
            }
            try {
                region = new Region(Integer.parseInt(r.group(1)), Integer.parseInt(r.group(2)),
                        Integer.parseInt(r.group(3)), Integer.parseInt(r.group(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': region '" + regionText + "' has a number too large");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
            }
        }
        return new ScreenSpec(monitor, region);
    }

    @Override
    public String toString() {
        return "screen" + (monitor != 0 ? ":" + monitor : "")
                + (region != null ? "@" + region.x() + "," + region.y() + "," + region.width() + "x" + region.height() : "");
    }
}
