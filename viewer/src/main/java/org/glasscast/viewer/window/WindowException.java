package org.glasscast.viewer.window;

/** The window could not be opened; the message is the one line a user sees. */
public final class WindowException extends Exception {
    public WindowException(String message) {
        super(message);
    }
}
