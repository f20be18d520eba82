package connmonitor.cli;

import connmonitor.support.Connmonitor;
import connmonitor.support.Exposition;
import connmonitor.support.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon says when its own socket dropped replies: a host pinged with bursts of 600 echoes of 60 kB,
 * whose replies come back faster than anyone could read them into a 16 MiB buffer, over a veth to a peer
 * namespace (so each drop is one lost reply). One WW line however many bursts drop within its minute, and
 * connmonitor_socket_drops_total{family="ipv4"} counts them.
 */
class SocketDropsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void repliesDroppedAtTheMonitorsFullSocketAreOneWarningAndACounter() throws Exception {
        try (Netns netns = Netns.create(); Netns peer = Netns.create()) {
            netns.wireTo(peer, "cmi0", "10.99.1.1", "cmi1", "10.99.1.2", 65535); // 64 kB MTU: no fragments
            Path config = dir.resolve("connmonitor.conf");
            Files.writeString(config, "10.99.1.2 ping=2000 numpings=600 payload=60000 json=1\n");
            try (Connmonitor monitor = Connmonitor.startInNamespace(netns.name(), "--metrics", "127.0.0.1:9469",
                    config.toString())) {
                String warning = monitor.awaitStderr(line -> line.startsWith("WW: the kernel dropped"), WAIT);
                assertThat(warning).matches("WW: the kernel dropped [1-9][0-9]* packets at connmonitor's full sockets "
                        + "since it started \\(IPv4 [1-9][0-9]*, IPv6 0\\): the monitor did not read in time, and the "
                        + "replies among them count as lost in the loss figures of that time; fewer hosts, more "
                        + "--engines or more CPU would help -\t .*");
                assertThat(monitor.nextLineMatching(line -> line.contains("\"loss\""), WAIT))
                        .as("a burst with replies lost in the machine").doesNotContain("\"loss\":0.0");
                Exposition metrics = Exposition.parsePrometheusText(
                        netns.run("curl", "-sS", "http://127.0.0.1:9469/metrics"));
                assertThat(metrics.value("connmonitor_socket_drops_total", "family", "ipv4")).isPositive();
                assertThat(metrics.value("connmonitor_socket_drops_total", "family", "ipv6")).isZero();
                Thread.sleep(6_000); // more bursts drop, and the counter is read again: still no second line
                monitor.signal("TERM");
                assertThat(monitor.waitFor(WAIT)).isZero();
                assertThat(monitor.stderrLines()).containsExactly(warning);
            }
        }
    }
}
