package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfigLoader;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final InetSocketAddress IPV6_LOOPBACK = new InetSocketAddress("::1", 40000);

    private static List<String> proxies(String yaml) {
        return DeskConfigLoader.parse("security: {trustedProxies: " + yaml + "}", "desk.yaml")
                .security()
                .trustedProxies();
    }

    @Test
    void anIpv6ProxyWrittenShortIsTrustedAndItsForwardedAddressCounts() {
        assertThat(ClientAddress.of(IPV6_LOOPBACK, "198.51.100.7", proxies("['::1']")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aForwardedHeaderFromAnUntrustedPeerIsIgnored() {
        assertThat(ClientAddress.of(IPV6_LOOPBACK, "198.51.100.7", proxies("[10.0.0.1]")))
                .isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void theRightMostAddressThatIsNoTrustedProxyIsTheClient() {
        assertThat(ClientAddress.of(
                        new InetSocketAddress("10.0.0.1", 1),
                        "203.0.113.9, 198.51.100.7, 10.0.0.2",
                        proxies("[10.0.0.1, 10.0.0.2]")))
                .isEqualTo("198.51.100.7");
    }
}
