package org.glasscast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code send} prints for viewers on other machines: the addresses they can reach. */
class ServingUrlsTest {
    private static ServingUrls.Address at(String name, String ip) throws Exception {
        return new ServingUrls.Address(name, InetAddress.getByName(ip));
    }

    @Test
    void everyAddressOtherMachinesCanReachThenThisMachine() throws Exception {
        List<String> lines = ServingUrls.lines(new InetSocketAddress(8554), 8554, List.of(
                at("lo", "127.0.0.1"), at("lo", "::1"), at("eth0", "fe80::1%1"), at("eth0", "2001:db8::5"),
                at("eth0", "192.168.1.20"), at("wlan0", "10.0.0.7")));
        assertThat(lines).containsExactly(
                "rtsp://192.168.1.20:8554/live   (eth0)",
                "rtsp://10.0.0.7:8554/live       (wlan0)",
                "rtsp://[2001:db8::5]:8554/live  (eth0)",
                "rtsp://127.0.0.1:8554/live      (this machine)");
    }

    @Test
    void ipv6AddressesAreWrittenShort() throws Exception {
        assertThat(ServingUrls.shortIpv6(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress())).isEqualTo("2001:db8::1:0:0:1");
        assertThat(ServingUrls.shortIpv6(InetAddress.getByName("fd00::2").getAddress())).isEqualTo("fd00::2");
        assertThat(ServingUrls.shortIpv6(InetAddress.getByName("::1").getAddress())).isEqualTo("::1");
        assertThat(ServingUrls.shortIpv6(InetAddress.getByName("2001:db8:1:2:3:4:5:6").getAddress())).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(ServingUrls.shortIpv6(InetAddress.getByName("2001:db8::").getAddress())).isEqualTo("2001:db8::");
    }

    @Test
    void aMachineWithOnlyLoopbackSaysSo() throws Exception {
        assertThat(ServingUrls.lines(new InetSocketAddress(9000), 9000, List.of(at("lo", "127.0.0.1"))))
                .containsExactly("rtsp://127.0.0.1:9000/live  (this machine only: it has no network address but loopback)");
    }

    @Test
    void aServerOnOneAddressIsServedThere() throws Exception {
        assertThat(ServingUrls.lines(new InetSocketAddress("127.0.0.1", 8554), 8554, List.of(at("eth0", "192.168.1.20"))))
                .containsExactly("rtsp://127.0.0.1:8554/live");
    }
}
