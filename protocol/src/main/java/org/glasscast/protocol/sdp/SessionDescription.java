package org.glasscast.protocol.sdp;

import java.util.List;
import java.util.Optional;

/**
 * One SDP session: where it comes from, its name, and its media.
 *
 * @param originAddress unicast address of o=; null if the text had no usable o= line
 * @param sessionName s=, "" if blank or absent
 * @param connectionAddress session-level c= address; nullable
 * @param control session-level a=control ("*" or a URL); nullable
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866#section-5">RFC 8866 §5</a>
 */
public record SessionDescription(String originAddress, String sessionName, String connectionAddress, String control,
        List<MediaDescription> media) {

    public SessionDescription {
        sessionName = sessionName == null ? "" : sessionName;
        media = List.copyOf(media);
    }

    /** The first video media. */
    public Optional<MediaDescription> video() {
        return first("video");
    }

    /** The first audio media. */
    public Optional<MediaDescription> audio() {
        return first("audio");
    }

    private Optional<MediaDescription> first(String kind) {
        return media.stream().filter(m -> m.media().equalsIgnoreCase(kind)).findFirst();
    }

    /** The connection address of {@code m}: its own c= or else the session's; nullable. */
    public String connectionAddress(MediaDescription m) {
        return m.connectionAddress() != null ? m.connectionAddress() : connectionAddress;
    }
}
