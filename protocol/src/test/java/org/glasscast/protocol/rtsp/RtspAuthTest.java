package org.glasscast.protocol.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtspAuthTest {
    /** RFC 2617 §3.5: the worked example (MD5, qop=auth). */
    @Test
    void rfc2617Example() {
        List<RtspAuth.Challenge> cs = RtspAuth.parse(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        assertThat(cs).hasSize(1);
        RtspAuth.Answer a = new RtspAuth.Answer(cs.get(0), "Mufasa", "Circle Of Life", "0a4f113b");
        String h = a.header("GET", "/dir/index.html");
        assertThat(h).startsWith("Digest username=\"Mufasa\", realm=\"testrealm@host.com\"")
                .contains("uri=\"/dir/index.html\"", "response=\"6629fae49393a05397450978507c4ef1\"", "qop=auth",
                        "nc=00000001", "cnonce=\"0a4f113b\"", "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        // the next request with the same nonce counts up
        assertThat(a.header("GET", "/dir/index.html")).contains("nc=00000002");
    }

    /** RFC 7616 §3.9.1: the same request answered with SHA-256 and with MD5. */
    @Test
    void rfc7616Examples() {
        String params = "realm=\"http-auth@example.org\", qop=\"auth, auth-int\", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        List<RtspAuth.Challenge> cs = RtspAuth.parse(List.of("Digest " + params + ", algorithm=SHA-256",
                "Digest " + params + ", algorithm=MD5"));
        assertThat(cs).extracting(c -> c.param("algorithm")).containsExactly("SHA-256", "MD5");
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertThat(new RtspAuth.Answer(cs.get(0), "Mufasa", "Circle of Life", cnonce).header("GET", "/dir/index.html"))
                .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"",
                        "algorithm=SHA-256");
        assertThat(new RtspAuth.Answer(cs.get(1), "Mufasa", "Circle of Life", cnonce).header("GET", "/dir/index.html"))
                .contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"");
    }

    /** What IP cameras send: Digest without qop (RFC 2069 answer) beside Basic, in one header or two. */
    @Test
    void cameraChallengePrefersDigestAndAnswersWithoutQop() {
        List<RtspAuth.Challenge> cs = RtspAuth.parse(List.of(
                "Basic realm=\"IP Camera(C1234)\", Digest realm=\"IP Camera(C1234)\", nonce=\"abc123\", stale=\"FALSE\""));
        assertThat(cs).extracting(RtspAuth.Challenge::scheme).containsExactly("basic", "digest");
        RtspAuth.Answer a = RtspAuth.answer(cs, "admin", "12345");
        assertThat(a.scheme()).isEqualTo("digest");
        // MD5(MD5("admin:IP Camera(C1234):12345") + ":abc123:" + MD5("DESCRIBE:rtsp://10.0.0.2/live"))
        assertThat(a.header("DESCRIBE", "rtsp://10.0.0.2/live")).doesNotContain("qop", "nc=", "cnonce")
                .contains("response=\"" + md5(md5("admin:IP Camera(C1234):12345") + ":abc123:"
                        + md5("DESCRIBE:rtsp://10.0.0.2/live")) + "\"");
        assertThat(RtspAuth.stale(cs.get(1))).isFalse();
        assertThat(RtspAuth.stale(RtspAuth.parse(List.of("Digest realm=r, nonce=n, stale=TRUE")).get(0))).isTrue();
    }

    @Test
    void basicOnlyIsAnsweredWithBase64OfUserAndPassword() {
        RtspAuth.Answer a = RtspAuth.answer(RtspAuth.parse(List.of("Basic realm=\"cam\"")), "Aladdin", "open sesame");
        // RFC 7617 §2
        assertThat(a.header("OPTIONS", "rtsp://h/")).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void unknownSchemesAndAlgorithmsAreNotAnswered() {
        List<RtspAuth.Challenge> cs = RtspAuth.parse(List.of("Negotiate abc==, Digest realm=r, nonce=n, algorithm=SHA-512-256"));
        assertThat(cs).extracting(RtspAuth.Challenge::scheme).containsExactly("negotiate", "digest");
        assertThat(RtspAuth.answer(cs, "u", "p")).isNull();
        assertThat(RtspAuth.parse(List.of("", "  ,, ", "=\"x\""))).isEmpty();
    }

    @Test
    void serverAcceptsTheRightPasswordWithAndWithoutQop() {
        RtspAuth.Server server = new RtspAuth.Server(new RtspAuth.Credentials("alice", "s3cret:x"), "glasscast");
        RtspAuth.Challenge c = RtspAuth.parse(List.of(server.challenge(false))).get(0);
        assertThat(c.param("qop")).isEqualTo("auth");
        RtspAuth.Answer good = RtspAuth.answer(List.of(c), "alice", "s3cret:x");
        assertThat(server.verify("DESCRIBE", good.header("DESCRIBE", "rtsp://h/live"))).isEqualTo(RtspAuth.Verdict.OK);
        assertThat(server.verify("SETUP", good.header("SETUP", "rtsp://h/live/video"))).isEqualTo(RtspAuth.Verdict.OK);
        // as live555 (VLC) and GStreamer answer: no qop, RFC 2069
        String nonce = c.param("nonce");
        String rfc2069 = "Digest username=\"alice\", realm=\"glasscast\", nonce=\"" + nonce + "\", uri=\"rtsp://h/live\", response=\""
                + md5(md5("alice:glasscast:s3cret:x") + ":" + nonce + ":" + md5("PLAY:rtsp://h/live")) + "\"";
        assertThat(server.verify("PLAY", rfc2069)).isEqualTo(RtspAuth.Verdict.OK);
        // the same answer for another method does not pass
        assertThat(server.verify("TEARDOWN", rfc2069)).isEqualTo(RtspAuth.Verdict.DENIED);
    }

    @Test
    void serverRefusesWrongUsersPasswordsAndForeignNonces() {
        RtspAuth.Server server = new RtspAuth.Server(new RtspAuth.Credentials("alice", "right"), "glasscast");
        List<RtspAuth.Challenge> c = RtspAuth.parse(List.of(server.challenge(false)));
        assertThat(server.verify("DESCRIBE", RtspAuth.answer(c, "alice", "wrong").header("DESCRIBE", "rtsp://h/live")))
                .isEqualTo(RtspAuth.Verdict.DENIED);
        assertThat(server.verify("DESCRIBE", RtspAuth.answer(c, "bob", "right").header("DESCRIBE", "rtsp://h/live")))
                .isEqualTo(RtspAuth.Verdict.DENIED);
        assertThat(server.verify("DESCRIBE", null)).isEqualTo(RtspAuth.Verdict.DENIED);
        assertThat(server.verify("DESCRIBE", "Basic YWxpY2U6cmlnaHQ=")).isEqualTo(RtspAuth.Verdict.DENIED);
        assertThat(server.verify("DESCRIBE", "Digest garbage")).isEqualTo(RtspAuth.Verdict.DENIED);
        // a nonce another server (an earlier run) issued: stale, so the client asks again
        RtspAuth.Server earlier = new RtspAuth.Server(new RtspAuth.Credentials("alice", "right"), "glasscast");
        List<RtspAuth.Challenge> old = RtspAuth.parse(List.of(earlier.challenge(false)));
        assertThat(server.verify("DESCRIBE", RtspAuth.answer(old, "alice", "right").header("DESCRIBE", "rtsp://h/live")))
                .isEqualTo(RtspAuth.Verdict.STALE);
        assertThat(RtspAuth.stale(RtspAuth.parse(List.of(server.challenge(true))).get(0))).isTrue();
    }

    @Test
    void credentialsParseUserColonPasswordAndHideThePassword() {
        RtspAuth.Credentials c = RtspAuth.Credentials.parse("alice:pa:ss");
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.password()).isEqualTo("pa:ss");
        assertThat(c.toString()).doesNotContain("pa:ss");
        for (String bad : List.of("alice", ":pw", "alice:")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RtspAuth.Credentials.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
