package org.glasscast.viewer;

import java.nio.file.Path;

/**
 * Everything {@code glasscast view} was asked to do, already validated.
 *
 * @param source      an rtsp:// URL or a path to an .sdp file
 * @param tcp         RTP interleaved in the RTSP connection rather than over UDP
 * @param reorderMillis how long a gap in the sequence is waited for before it counts as lost
 * @param durationSeconds stop after this long; 0 = until interrupted or the stream ends
 */
public record ViewerConfig(String source, boolean tcp, boolean headless, boolean verifyPattern,
                           int reorderMillis, double durationSeconds, Path statsJson, boolean quiet) {
}
