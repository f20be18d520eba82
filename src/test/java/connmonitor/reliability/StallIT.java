package connmonitor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.lab.Impairment;
import connmonitor.lab.Lab;
import connmonitor.lab.Link;
import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A monitor that is frozen longer than a request's 2 s timeout while its replies are on the way (a paused
 * VM, a machine under heavy load; here SIGSTOP) neither calls them lost nor stretches their RTTs: the
 * replies wait in the socket with the kernel's receive stamps, and those say when they came. The host is
 * 200 ms away and a request is almost always in flight, so every freeze lands between a send and its reply.
 * (A frozen engine thread usually sits in poll, which reads the replies before anything times out; the
 * engine also reads waiting replies before expiring deadlines, for a stall between a send and the next
 * timeout check, which no freeze from outside can aim at.)
 */
class StallIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Lab lab;

    @BeforeAll
    static void build() {
        lab = Lab.builder().host("client").host("server")
                .link("client", "server", Link.emulated(Impairment.none().delay(Duration.ofMillis(100))))
                .build();
    }

    @AfterAll
    static void tearDown() {
        lab.close();
    }

    @Test
    void repliesThatCameInTimeCountEvenWhenTheMonitorWasFrozenPastTheTimeout() throws Exception {
        try (Connmonitor connmonitor = Connmonitor.startInNamespace(lab.namespace("client"))) {
            connmonitor.writeStdin(lab.ipv4("server").getHostAddress() + " ping=1 numpings=1 json=1\n", true);
            connmonitor.nextLine(WAIT);
            connmonitor.nextLine(WAIT); // warmed up: a burst every ~200 ms
            for (int freeze = 0; freeze < 5; freeze++) {
                Thread.sleep(150 + 37L * freeze); // land at different points of a round trip
                connmonitor.signal("STOP");
                Thread.sleep(2_500);
                connmonitor.signal("CONT");
                Thread.sleep(500);
            }
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
            List<JsonNode> pings = connmonitor.stdoutLines().stream().map(Json::parse).map(r -> r.get("ping")).toList();
            assertThat(pings).hasSizeGreaterThan(10);
            assertThat(pings).allSatisfy(ping -> {
                assertThat(ping.get("loss").asDouble()).as("loss").isZero();
                assertThat(ping.get("avg").asDouble()).as("RTT from the kernel's stamps").isCloseTo(200, within(15.0));
            });
            assertThat(connmonitor.stderrLines()).isEmpty();
        }
    }
}
