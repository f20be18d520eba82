package connmonitor.config;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressesTest {

    private static String format(String literal) {
        return Addresses.format(InetAddress.ofLiteral(literal));
    }

    @Test
    void ipv6IsCompressedAsRfc5952Says() {
        assertThat(format("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(format("::")).isEqualTo("::");
        assertThat(format("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(format("2001:0db8:0000:0001:0001:0001:0001:0001")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(format("fd00:0:0:0:0:0:0:0")).isEqualTo("fd00::");
        assertThat(format("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(format("FE80::ABCD")).isEqualTo("fe80::abcd");
    }

    @Test
    void ipv4IsDottedQuad() {
        assertThat(format("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void headerShowsTheAddressOnlyWhenItDiffersFromTheHost() {
        assertThat(new Target("localhost", InetAddress.ofLiteral("127.0.0.1"), Options.DEFAULTS, 1).header())
                .isEqualTo("localhost 127.0.0.1");
        assertThat(new Target("::1", InetAddress.ofLiteral("::1"), Options.DEFAULTS, 1).header()).isEqualTo("::1");
        assertThat(new Target("0::1", InetAddress.ofLiteral("::1"), Options.DEFAULTS, 1).header()).isEqualTo("0::1 ::1");
    }
}
