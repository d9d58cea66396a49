package org.glasscast.viewer;

import java.nio.file.Path;
import org.glasscast.viewer.present.SyncMode;

/**
 * Everything {@code glasscast view} was asked to do, already validated.
 *
 * @param source      an rtsp:// URL or a path to an .sdp file
 * @param tcp         RTP interleaved in the RTSP connection rather than over UDP
 * @param reorderMillis how long a gap in the sequence is waited for before it counts as lost
 * @param durationSeconds stop after this long; 0 = until interrupted or the stream ends
 * @param audioOut    where the sound plays: {@link #NO_AUDIO_OUT}, "default", or an OpenAL device name
 * @param record      --record PATH as typed (a trailing / means a directory; checked by
 *                    {@code RecordingPaths.of}), or null to record only on request (the R key)
 * @param segmentSeconds --segment: a new file at the first keyframe after this long; 0 = one file
 * @param sync        what the picture is timed against (--sync)
 * @param connectTimeoutSeconds --timeout: how long connecting to an RTSP sender may take in all (name
 *                    lookup, TCP, retries), and how long each of its answers is waited for
 * @param exitOnEnd   --exit-on-end: end at the first failure to connect and when the stream ends;
 *                    otherwise wait for the stream and reconnect, however long it is away
 */
public record ViewerConfig(String source, boolean tcp, boolean headless, boolean verifyPattern,
                           int reorderMillis, double durationSeconds, Path statsJson, boolean quiet,
                           String audioOut, String record, double segmentSeconds, SyncMode sync,
                           double connectTimeoutSeconds, boolean exitOnEnd) {
    /** Decode and count the audio, play none of it. */
    public static final String NO_AUDIO_OUT = "none";
    /** How long a sender that does not answer is waited for, unless --timeout says otherwise. */
    public static final double DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

    /** Ending with the stream, as a program that embeds a viewer (the demo, tests) expects. */
    public ViewerConfig(String source, boolean tcp, boolean headless, boolean verifyPattern, int reorderMillis,
                        double durationSeconds, Path statsJson, boolean quiet, String audioOut, String record,
                        double segmentSeconds, SyncMode sync, double connectTimeoutSeconds) {
        this(source, tcp, headless, verifyPattern, reorderMillis, durationSeconds, statsJson, quiet, audioOut, record,
                segmentSeconds, sync, connectTimeoutSeconds, true);
    }

    /** With the default --timeout. */
    public ViewerConfig(String source, boolean tcp, boolean headless, boolean verifyPattern, int reorderMillis,
                        double durationSeconds, Path statsJson, boolean quiet, String audioOut, String record,
                        double segmentSeconds, SyncMode sync) {
        this(source, tcp, headless, verifyPattern, reorderMillis, durationSeconds, statsJson, quiet, audioOut, record,
                segmentSeconds, sync, DEFAULT_CONNECT_TIMEOUT_SECONDS);
    }

    /** Without sound output, as before there was one (tests, bench). */
    public ViewerConfig(String source, boolean tcp, boolean headless, boolean verifyPattern, int reorderMillis,
                        double durationSeconds, Path statsJson, boolean quiet) {
        this(source, tcp, headless, verifyPattern, reorderMillis, durationSeconds, statsJson, quiet, NO_AUDIO_OUT);
    }

    /** The picture synced to the sound (the default). */
    public ViewerConfig(String source, boolean tcp, boolean headless, boolean verifyPattern, int reorderMillis,
                        double durationSeconds, Path statsJson, boolean quiet, String audioOut, String record,
                        double segmentSeconds) {
        this(source, tcp, headless, verifyPattern, reorderMillis, durationSeconds, statsJson, quiet, audioOut, record,
                segmentSeconds, SyncMode.AUDIO);
    }

    /** Without --record. */
    public ViewerConfig(String source, boolean tcp, boolean headless, boolean verifyPattern, int reorderMillis,
                        double durationSeconds, Path statsJson, boolean quiet, String audioOut) {
        this(source, tcp, headless, verifyPattern, reorderMillis, durationSeconds, statsJson, quiet, audioOut, null, 0);
    }

    public boolean playsAudio() {
        return audioOut != null && !NO_AUDIO_OUT.equals(audioOut);
    }
}
