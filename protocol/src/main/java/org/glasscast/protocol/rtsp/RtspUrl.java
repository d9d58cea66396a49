package org.glasscast.protocol.rtsp;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The credentials an {@code rtsp://USER:PASSWORD@host/path} URL carries (percent-encoded, as
 * ffmpeg and VLC take them), and the URL without them: what goes on the wire in requests, and
 * what may be printed (the password never is).
 */
public record RtspUrl(URI withoutUserInfo, String user, String password) {
    /** Splits {@code url}'s user information off; user and password are null when absent. */
    public static RtspUrl of(URI url) {
        String info = url.getRawUserInfo();
        if (info == null) {
            return new RtspUrl(url, null, null);
        }
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        try {
            URI bare = new URI(url.getScheme(), null, url.getHost(), url.getPort(), null, null, null);
            String rest = url.getRawPath() + (url.getRawQuery() != null ? "?" + url.getRawQuery() : "");
            return new RtspUrl(URI.create(bare + rest), user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + redacted(url.toString()), e);
        }
    }

    public boolean hasCredentials() {
        return user != null;
    }

    /**
     * {@code url} fit to print: a password in it is replaced by {@code ***}. The password runs
     * from the first ':' after "://" to the last '@', so one holding an unencoded '/' or '@' is
     * hidden too (a path with ':' and '@' in it may be hidden with it: better too much than too little).
     */
    public static String redacted(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int at = url.lastIndexOf('@');
        int colon = url.indexOf(':', scheme + 3);
        if (at < 0 || colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon) + ":***" + url.substring(at);
    }

    private static String decode(String s) {
        // URLDecoder would turn '+' into a space; in a URL's user information it is a plus
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
