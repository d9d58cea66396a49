package org.glasscast.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Literal addresses never reach a resolver; names from /etc/hosts resolve within the time allowed. */
class HostLookupTest {
    @Test
    void literalsAreParsedWithoutWaiting() throws Exception {
        // no time at all is allowed: only a parse can answer
        assertThat(HostLookup.resolve("10.213.9.2", 0).getHostAddress()).isEqualTo("10.213.9.2");
        assertThat(HostLookup.resolve("[::1]", 0).isLoopbackAddress()).isTrue();
        assertThat(HostLookup.isLiteral("capture-pc")).isFalse();
        assertThat(HostLookup.isLiteral("1.2.3.4.example")).isFalse();
    }

    @Test
    void localhostResolvesFromTheHostsFile() throws Exception {
        assertThat(HostLookup.resolve("localhost", 5_000_000_000L).isLoopbackAddress()).isTrue();
    }
}
