package org.glasscast.protocol.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP authentication as RTSP uses it (RFC 2326 §D.1, RFC 7235): the {@code WWW-Authenticate}
 * challenges a server sends with 401, and the {@code Authorization} a client answers with —
 * Digest (RFC 7616; MD5, MD5-sess, SHA-256, with {@code qop=auth} or without it as RFC 2069
 * and most IP cameras do) preferred over Basic. Pure computation: the client keeps one
 * {@link Answer} per connection and asks it for a header per request.
 */
public final class RtspAuth {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RtspAuth() {
    }

    /** One challenge: its scheme (lower case) and parameters (names lower case, values unquoted). */
    public record Challenge(String scheme, Map<String, String> params) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /**
     * Every challenge in the given {@code WWW-Authenticate} header values (one header may hold
     * several, comma-separated, as RFC 7235 §4.1 allows). Unparsable text is skipped.
     */
    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            new ChallengeParser(v).parseInto(out);
        }
        return out;
    }

    /**
     * The answer to the strongest challenge offered (Digest with an algorithm we know, else
     * Basic), or null when none is usable.
     */
    public static Answer answer(List<Challenge> challenges, String user, String password) {
        Challenge basic = null;
        for (Challenge c : challenges) {
            if (c.scheme().equals("digest") && c.param("nonce") != null && algorithm(c) != null) {
                return new Answer(c, user, password);
            }
            if (c.scheme().equals("basic")) {
                basic = c;
            }
        }
        return basic == null ? null : new Answer(basic, user, password);
    }

    /** Whether a Digest challenge only says the nonce went stale (the password was right). */
    public static boolean stale(Challenge c) {
        return "true".equalsIgnoreCase(c.param("stale"));
    }

    private static String algorithm(Challenge c) {
        String a = c.param("algorithm");
        String name = a == null ? "MD5" : a.toUpperCase(Locale.ROOT);
        return switch (name) {
            case "MD5", "MD5-SESS" -> name;
            case "SHA-256", "SHA-256-SESS" -> name;
            default -> null;
        };
    }

    /** A user name and password; {@link #toString} never shows the password. */
    public record Credentials(String user, String password) {
        /** {@code USER:PASSWORD} (the password may hold colons); null for null. */
        public static Credentials parse(String userColonPassword) {
            if (userColonPassword == null) {
                return null;
            }
            int colon = userColonPassword.indexOf(':');
            if (colon <= 0 || colon == userColonPassword.length() - 1) {
                throw new IllegalArgumentException("expected USER:PASSWORD");
            }
            return new Credentials(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
        }

        @Override
        public String toString() {
            return user + ":***";
        }
    }

    /** What a server decides about a request's {@code Authorization}. */
    public enum Verdict { OK, STALE, DENIED }

    /**
     * The server side: Digest (MD5, with {@code qop=auth} offered and RFC 2069 answers accepted,
     * as VLC's live555 and GStreamer send them). Nonces are a random part and its HMAC under a key
     * of this process, so they need no table and stay valid for the server's life; the password
     * is never sent, but a seen answer could be replayed for the same method and URI (plain RTSP
     * has no transport security: this keeps strangers out, it does not hide the stream).
     */
    public static final class Server {
        private final Credentials credentials;
        private final String realm;
        private final byte[] key = new byte[32];

        public Server(Credentials credentials, String realm) {
            this.credentials = credentials;
            this.realm = realm;
            RANDOM.nextBytes(key);
        }

        /** A {@code WWW-Authenticate} value with a fresh nonce; {@code stale}: the last answer's nonce was not ours. */
        public String challenge(boolean stale) {
            byte[] r = new byte[12];
            RANDOM.nextBytes(r);
            String random = HexFormat.of().formatHex(r);
            return "Digest realm=\"" + quote(realm) + "\", nonce=\"" + random + mac(random) + "\", qop=\"auth\""
                    + (stale ? ", stale=TRUE" : "");
        }

        /** Whether the {@code Authorization} value (or null) proves the password for {@code method}. */
        public Verdict verify(String method, String authorization) {
            if (authorization == null) {
                return Verdict.DENIED;
            }
            List<Challenge> parsed = parse(List.of(authorization));
            if (parsed.size() != 1 || !parsed.get(0).scheme().equals("digest")) {
                return Verdict.DENIED;
            }
            Challenge a = parsed.get(0);
            String nonce = a.param("nonce");
            String uri = a.param("uri");
            String response = a.param("response");
            String alg = a.param("algorithm");
            if (nonce == null || uri == null || response == null || nonce.length() != 24 + 32
                    || (alg != null && !alg.equalsIgnoreCase("MD5"))
                    || !credentials.user().equals(a.param("username")) || !realm.equals(a.param("realm"))) {
                return Verdict.DENIED;
            }
            if (!MessageDigest.isEqual(mac(nonce.substring(0, 24)).getBytes(StandardCharsets.US_ASCII),
                    nonce.substring(24).getBytes(StandardCharsets.US_ASCII))) {
                return Verdict.STALE; // not one of ours: an earlier run's, most likely
            }
            String ha1 = hash("MD5", credentials.user() + ":" + realm + ":" + credentials.password());
            String ha2 = hash("MD5", method + ":" + uri);
            String qop = a.param("qop");
            String expected;
            if (qop == null) {
                expected = hash("MD5", ha1 + ":" + nonce + ":" + ha2);
            } else if (qop.equals("auth") && a.param("nc") != null && a.param("cnonce") != null) {
                expected = hash("MD5", ha1 + ":" + nonce + ":" + a.param("nc") + ":" + a.param("cnonce") + ":auth:" + ha2);
            } else {
                return Verdict.DENIED;
            }
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)) ? Verdict.OK : Verdict.DENIED;
        }

        private String mac(String text) {
            try {
                javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
                m.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
                return HexFormat.of().formatHex(m.doFinal(text.getBytes(StandardCharsets.US_ASCII)), 0, 16);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        }
    }

    /** Credentials bound to one challenge; counts its nonce's uses (not thread-safe). */
    public static final class Answer {
        private final Challenge challenge;
        private final String user;
        private final String password;
        private final String qop;
        private final String cnonce;
        private int nonceCount;

        Answer(Challenge challenge, String user, String password) {
            this(challenge, user, password, newCnonce());
        }

        /** With a fixed client nonce: for known-answer tests. */
        public Answer(Challenge challenge, String user, String password, String cnonce) {
            this.challenge = challenge;
            this.user = user;
            this.password = password;
            this.cnonce = cnonce;
            this.qop = pickQop(challenge.param("qop"));
        }

        public String scheme() {
            return challenge.scheme();
        }

        /** The {@code Authorization} header value for one request. */
        public String header(String method, String uri) {
            if (challenge.scheme().equals("basic")) {
                return "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            }
            String alg = algorithm(challenge);
            String hashName = alg.startsWith("SHA-256") ? "SHA-256" : "MD5";
            String realm = nullToEmpty(challenge.param("realm"));
            String nonce = challenge.param("nonce");
            String ha1 = hash(hashName, user + ":" + realm + ":" + password);
            if (alg.endsWith("-SESS")) {
                ha1 = hash(hashName, ha1 + ":" + nonce + ":" + cnonce);
            }
            String ha2 = hash(hashName, method + ":" + uri);
            StringBuilder h = new StringBuilder("Digest username=\"").append(quote(user))
                    .append("\", realm=\"").append(quote(realm))
                    .append("\", nonce=\"").append(quote(nonce))
                    .append("\", uri=\"").append(quote(uri)).append('"');
            String response;
            if (qop != null) {
                String nc = String.format(Locale.ROOT, "%08x", ++nonceCount);
                response = hash(hashName, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
                h.append(", response=\"").append(response).append('"')
                        .append(", qop=").append(qop).append(", nc=").append(nc)
                        .append(", cnonce=\"").append(cnonce).append('"');
            } else {
                response = hash(hashName, ha1 + ":" + nonce + ":" + ha2);
                h.append(", response=\"").append(response).append('"');
            }
            if (challenge.param("algorithm") != null) {
                h.append(", algorithm=").append(challenge.param("algorithm"));
            }
            if (challenge.param("opaque") != null) {
                h.append(", opaque=\"").append(quote(challenge.param("opaque"))).append('"');
            }
            return h.toString();
        }

        private static String pickQop(String offered) {
            if (offered == null) {
                return null;
            }
            for (String q : offered.split(",")) {
                if (q.trim().equalsIgnoreCase("auth")) {
                    return "auth";
                }
            }
            return null; // auth-int only: answer as RFC 2069 and let the server decide
        }
    }

    private static String newCnonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** challenge = scheme [ 1*SP ( token68 / #auth-param ) ], several per header separated by commas. */
    private static final class ChallengeParser {
        private final String s;
        private int i;

        ChallengeParser(String s) {
            this.s = s;
        }

        void parseInto(List<Challenge> out) {
            String scheme = null;
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                skip(" \t,");
                if (i >= s.length()) {
                    break;
                }
                String token = token();
                if (token.isEmpty()) {
                    return; // not a challenge: give up on the rest of this header
                }
                skip(" \t");
                if (i < s.length() && s.charAt(i) == '=' && scheme != null) {
                    i++;
                    skip(" \t");
                    params.put(token.toLowerCase(Locale.ROOT), value());
                } else {
                    if (scheme != null) {
                        out.add(new Challenge(scheme, params));
                        params = new LinkedHashMap<>();
                    }
                    scheme = token.toLowerCase(Locale.ROOT);
                    skipToken68();
                }
            }
            if (scheme != null) {
                out.add(new Challenge(scheme, params));
            }
        }

        private String token() {
            int start = i;
            while (i < s.length() && " \t,=\"".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String value() {
            if (i < s.length() && s.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < s.length()) {
                        c = s.charAt(i++);
                    }
                    b.append(c);
                }
                i++; // closing quote (or past the end)
                return b.toString();
            }
            return token();
        }

        /** A token68 right after the scheme (e.g. "Negotiate abc=="): skipped, as we answer none of those. */
        private void skipToken68() {
            int save = i;
            skip(" \t");
            int start = i;
            String t = token();
            int afterToken = i;
            skip(" \t");
            boolean param = i < s.length() && s.charAt(i) == '=' && i + 1 < s.length() && s.charAt(i + 1) != '='
                    && !t.isEmpty();
            if (param) {
                i = start; // an auth-param follows: let the loop read it
                return;
            }
            if (t.isEmpty()) {
                i = save;
                return;
            }
            i = afterToken;
            while (i < s.length() && s.charAt(i) == '=') {
                i++;
            }
        }

        private void skip(String chars) {
            while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }
    }
}
