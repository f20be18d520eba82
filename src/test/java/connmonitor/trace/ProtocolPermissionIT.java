package connmonitor.trace;

import connmonitor.support.Connmonitor;
import connmonitor.support.Netns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without CAP_NET_RAW, proto=udp|tcp cannot work (no unprivileged fallback): each such measurement of a
 * host says so in one EE line, once, and ICMP pings of the same config go on through ping sockets.
 */
class ProtocolPermissionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void withoutRawSocketsEachUdpOrTcpMeasurementSaysWhyOnce() throws Exception {
        try (Netns netns = Netns.create()) {
            netns.sysctl("net.ipv4.ping_group_range", "0 2147483647");
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns.name(),
                    "setpriv", "--bounding-set", "-net_raw", "--"));
            command.addAll(Connmonitor.command());
            try (Connmonitor connmonitor = Connmonitor.start(command)) {
                connmonitor.writeStdin("127.0.0.1 ping=300 numpings=2 proto=tcp port=443\n"
                        + "127.0.0.1 ping=300 numpings=2 trace=300 proto=udp\n"
                        + "127.0.0.1 ping=300 numpings=2\n", true);
                for (int i = 0; i < 6; i++) {
                    assertThat(connmonitor.nextLine(WAIT)).as("ICMP pings go on").isNotNull();
                }
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
                List<String> stderr = connmonitor.stderrLines().stream().map(line -> line.split(" -\t")[0]).toList();
                assertThat(stderr).containsExactlyInAnyOrder(
                        "WW: raw ICMP sockets are not permitted (needs root or CAP_NET_RAW); pinging through "
                                + "unprivileged ICMP sockets, traces are not possible",
                        "EE: PermissionError: line 1: cannot ping 127.0.0.1 over TCP port 443: IPv4 TCP probes "
                                + "need a raw socket (root or CAP_NET_RAW): Operation not permitted",
                        "EE: PermissionError: line 2: cannot ping 127.0.0.1 over UDP port 33434: IPv4 UDP probes "
                                + "need a raw socket (root or CAP_NET_RAW): Operation not permitted",
                        "EE: PermissionError: line 2: cannot trace 127.0.0.1 over UDP port 33434: IPv4 UDP probes "
                                + "need a raw socket (root or CAP_NET_RAW): Operation not permitted");
            }
        }
    }
}
