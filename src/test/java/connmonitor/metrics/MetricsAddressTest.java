package connmonitor.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsAddressTest {

    @Test
    void aBarePortOrColonPortBindsTheIpv4Loopback() {
        assertThat(MetricsAddress.parse("9100")).isEqualTo(new MetricsAddress("127.0.0.1", 9100));
        assertThat(MetricsAddress.parse(":9100")).isEqualTo(new MetricsAddress("127.0.0.1", 9100));
    }

    @Test
    void anAddressOrNameIsKeptAsWritten() {
        assertThat(MetricsAddress.parse("0.0.0.0:9100")).isEqualTo(new MetricsAddress("0.0.0.0", 9100));
        assertThat(MetricsAddress.parse("localhost:1")).isEqualTo(new MetricsAddress("localhost", 1));
        assertThat(MetricsAddress.parse("127.0.0.1:65535").toString()).isEqualTo("127.0.0.1:65535");
    }

    @Test
    void ipv6IsWrittenInBrackets() {
        MetricsAddress address = MetricsAddress.parse("[::1]:9100");
        assertThat(address).isEqualTo(new MetricsAddress("::1", 9100));
        assertThat(address.toString()).isEqualTo("[::1]:9100");
        assertThat(MetricsAddress.parse("[::]:80").host()).isEqualTo("::");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "0", "65536", "99999999999", "-1", "91x0", "host:", "host:port", "::1:9100",
            "[::1]", "[]:9100", "[127.0.0.1]:9100", "a]:1", "9100 "})
    void anythingElseIsRefusedWithTheReason(String text) {
        assertThatThrownBy(() -> MetricsAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--metrics '" + text + "': ")
                .hasMessageContaining("(ADDRESS:PORT, [IPV6]:PORT or PORT)");
    }
}
