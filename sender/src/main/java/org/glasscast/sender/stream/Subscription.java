package org.glasscast.sender.stream;

/**
 * One viewer receiving the stream. Touched only on the sender's event loop.
 */
public final class Subscription {
    private final String name;
    private final MediaSink sink;
    private boolean waitingForKeyframe = true;

    public Subscription(String name, MediaSink sink) {
        this.name = name;
        this.sink = sink;
    }

    public String name() {
        return name;
    }

    public MediaSink sink() {
        return sink;
    }

    /** A viewer starts at a keyframe and waits for the next one after losing a packet here. */
    boolean waitingForKeyframe() {
        return waitingForKeyframe;
    }

    void waitingForKeyframe(boolean waiting) {
        this.waitingForKeyframe = waiting;
    }
}
