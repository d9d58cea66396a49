package org.glasscast.sender.stream;

/**
 * One destination of the stream: a viewer's RTSP session, or a push address (nobody may be
 * listening there, so it is not counted as a viewer). Touched only on the sender's event loop.
 */
public final class Subscription {
    /** What the destination is. */
    public enum Kind {
        /** A viewer that asked for the stream (RTSP SETUP/PLAY): counted in {@code viewers}. */
        RTSP_VIEWER,
        /** An address the stream is pushed to ({@code --to}): counted in {@code push}. */
        PUSH
    }

    private final String name;
    private final Kind kind;
    private final MediaSink sink;
    private boolean waitingForKeyframe = true;

    public Subscription(String name, Kind kind, MediaSink sink) {
        this.name = name;
        this.kind = kind;
        this.sink = sink;
    }

    public Kind kind() {
        return kind;
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
