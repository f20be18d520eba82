package connmonitor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TargetNamesTest {

    private static final InetAddress V4 = address("127.1.2.3");
    private static final InetAddress V6 = address("::1");

    @Test
    void aHostNameFromTheConfigIsWhatTheServerIsToldAndChecked() {
        assertThat(TargetNames.peer(ScanTargets.target("www.example.org", V4))).isEqualTo("www.example.org");
        assertThat(TargetNames.header(ScanTargets.target("www.example.org", V4), 80, 80)).isEqualTo("www.example.org");
        assertThat(TargetNames.header(ScanTargets.target("localhost", V4), 8443, 443)).isEqualTo("localhost:8443");
        assertThat(TargetNames.peer(ScanTargets.target("b\u00fccher.example", V4))).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void anAddressLiteralIsWrittenAsTheAddressIpv6InBrackets() {
        assertThat(TargetNames.header(ScanTargets.target(V4), 80, 80)).isEqualTo("127.1.2.3");
        assertThat(TargetNames.header(ScanTargets.target(V6), 443, 443)).isEqualTo("[::1]");
        assertThat(TargetNames.header(ScanTargets.target(V6), 8080, 80)).isEqualTo("[::1]:8080");
        assertThat(TargetNames.peer(ScanTargets.target("0:0:0:0:0:0:0:1", V6))).isEqualTo("::1");
        assertThat(TargetNames.peer(ScanTargets.target("127.001.2.3", V4))).isEqualTo("127.1.2.3");
    }

    @Test
    void aNameThatIsNoHostNameNeverReachesTheRequest() {
        assertThat(TargetNames.header(ScanTargets.target("evil\r\nX-Injected: 1", V4), 80, 80)).isEqualTo("127.1.2.3");
        assertThat(TargetNames.header(ScanTargets.target("two words", V4), 80, 80)).isEqualTo("127.1.2.3");
        assertThat(TargetNames.header(ScanTargets.target("-leading.dash", V4), 80, 80)).isEqualTo("127.1.2.3");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
