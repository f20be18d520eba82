package connmonitor.output;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Kind;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A problem is said when it starts or changes, its end once; a reload forgets the hosts it removed. */
class ProblemLogTest {

    private static final Target KEPT = new Target("kept", InetAddress.ofLiteral("10.0.0.1"), Options.DEFAULTS, 1);
    private static final Target REMOVED = new Target("gone", InetAddress.ofLiteral("10.0.0.2"), Options.DEFAULTS, 2);

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ProblemLog problems = new ProblemLog(new Log(stderr, Clock.fixed(Instant.EPOCH, ZoneId.of("UTC")), false));

    private List<String> lines() {
        return stderr.toString(StandardCharsets.UTF_8).lines().map(line -> line.substring(0, line.indexOf(" -\t"))).toList();
    }

    @Test
    void aProblemIsSaidOnceUntilItChangesOrEnds() {
        problems.report(KEPT, Kind.PING, "NetworkError", "cannot ping 10.0.0.1: Network is unreachable");
        problems.report(KEPT, Kind.PING, "NetworkError", "cannot ping 10.0.0.1: Network is unreachable");
        problems.report(KEPT, Kind.TRACE, "NetworkError", "cannot trace 10.0.0.1: Network is unreachable");
        problems.report(KEPT, Kind.PING, "NetworkError", "cannot ping 10.0.0.1: Operation not permitted");
        problems.clear(KEPT, Kind.PING);
        problems.clear(KEPT, Kind.PING);
        problems.clear(KEPT, Kind.SCAN);
        assertThat(lines()).containsExactly(
                "EE: NetworkError: line 1: cannot ping 10.0.0.1: Network is unreachable",
                "EE: NetworkError: line 1: cannot trace 10.0.0.1: Network is unreachable",
                "EE: NetworkError: line 1: cannot ping 10.0.0.1: Operation not permitted",
                "WW: line 1: ping of kept works again");
    }

    @Test
    void aReloadForgetsTheProblemsOfRemovedHostsOnly() {
        problems.report(KEPT, Kind.PING, "NetworkError", "cannot ping 10.0.0.1: Network is unreachable");
        problems.report(REMOVED, Kind.PING, "NetworkError", "cannot ping 10.0.0.2: Network is unreachable");
        problems.retainOnly(List.of(KEPT));
        problems.clear(REMOVED, Kind.PING); // a measurement begun before the reload: nothing to say
        problems.clear(KEPT, Kind.PING);
        assertThat(lines()).containsExactly(
                "EE: NetworkError: line 1: cannot ping 10.0.0.1: Network is unreachable",
                "EE: NetworkError: line 2: cannot ping 10.0.0.2: Network is unreachable",
                "WW: line 1: ping of kept works again");
    }
}
