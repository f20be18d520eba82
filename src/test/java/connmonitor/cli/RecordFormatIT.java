package connmonitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import connmonitor.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Records as users' scripts read them: exact plaintext lines and JSON objects, for real loopback pings. */
class RecordFormatIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern CTIME = Pattern.compile("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");
    private static final Pattern PING_BODY = Pattern.compile("(\\d+\\.\\d{3}\t){4}0\\.000");

    private static Connmonitor monitor(String config) throws Exception {
        Connmonitor connmonitor = Connmonitor.start();
        connmonitor.writeStdin(config, true);
        return connmonitor;
    }

    private static void stop(Connmonitor connmonitor) throws Exception {
        connmonitor.signal("TERM");
        assertThat(connmonitor.waitFor(WAIT)).isZero();
    }

    @Test
    void plaintextRecordIsHeaderCtimeAndFiveFigures() throws Exception {
        try (Connmonitor connmonitor = monitor("localhost ping=100 numpings=4\n")) {
            for (int i = 0; i < 3; i++) {
                assertThat(connmonitor.nextLine(WAIT)).isEqualTo("localhost 127.0.0.1");
                assertThat(connmonitor.nextLine(WAIT)).matches(CTIME);
                String body = connmonitor.nextLine(WAIT);
                assertThat(body).matches(PING_BODY);
                String[] figures = body.split("\t");
                double min = Double.parseDouble(figures[0]);
                double avg = Double.parseDouble(figures[1]);
                double max = Double.parseDouble(figures[2]);
                assertThat(min).isLessThanOrEqualTo(avg);
                assertThat(avg).isLessThanOrEqualTo(max);
            }
            stop(connmonitor);
        }
    }

    @Test
    void plaintextWithoutTimestampIsHeaderAndBody() throws Exception {
        try (Connmonitor connmonitor = monitor("127.0.0.2 ping=100 numpings=3 timestamp=0\n")) {
            for (int i = 0; i < 3; i++) {
                assertThat(connmonitor.nextLine(WAIT)).isEqualTo("127.0.0.2");
                assertThat(connmonitor.nextLine(WAIT)).matches(PING_BODY);
            }
            stop(connmonitor);
        }
    }

    @Test
    void ipv6HostIsPingedOverIcmpv6() throws Exception {
        try (Connmonitor connmonitor = monitor("::1 ping=100 numpings=3 timestamp=false\n")) {
            assertThat(connmonitor.nextLine(WAIT)).isEqualTo("::1");
            assertThat(connmonitor.nextLine(WAIT)).matches(PING_BODY);
            stop(connmonitor);
        }
    }

    @Test
    void jsonRecordHasAddrNameTimestampAndPingInOrder() throws Exception {
        try (Connmonitor connmonitor = monitor("localhost ping=100 numpings=5 json=1\n")) {
            String line = connmonitor.nextLine(WAIT);
            JsonNode record = Json.parse(line);
            assertThat(record.fieldNames()).toIterable().containsExactly("addr", "name", "timestamp", "ping");
            assertThat(record.get("addr").asText()).isEqualTo("127.0.0.1");
            assertThat(record.get("name").asText()).isEqualTo("localhost");
            assertThat(record.get("timestamp").isNumber()).isTrue();
            assertThat(record.get("timestamp").asDouble()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(30_000.0));
            assertThat(line).matches("\\{\"addr\":\"127\\.0\\.0\\.1\",\"name\":\"localhost\",\"timestamp\":\\d{13}\\.\\d{6},\"ping\":"
                    + "\\{\"min\":\\d+\\.\\d{6},\"avg\":\\d+\\.\\d{6},\"max\":\\d+\\.\\d{6},\"std\":\\d+\\.\\d{6},\"loss\":0\\.000000}}");
            JsonNode ping = record.get("ping");
            assertThat(ping.fieldNames()).toIterable().containsExactly("min", "avg", "max", "std", "loss");
            assertThat(ping.get("loss").asDouble()).isZero();
            assertThat(ping.get("min").asDouble()).isPositive().isLessThanOrEqualTo(ping.get("max").asDouble());
            stop(connmonitor);
        }
    }

    @Test
    void jsonWithoutTimestampHasNoTimestampField() throws Exception {
        try (Connmonitor connmonitor = monitor("::1 ping=100 numpings=2 json=1 timestamp=0\n")) {
            String line = connmonitor.nextLine(WAIT);
            assertThat(line).startsWith("{\"addr\":\"::1\", \"name\":\"::1\", \"ping\":{\"min\":");
            JsonNode record = Json.parse(line);
            assertThat(record.fieldNames()).toIterable().containsExactly("addr", "name", "ping");
            assertThat(record.get("addr").asText()).isEqualTo("::1");
            stop(connmonitor);
        }
    }

    @Test
    void manyHostsRecordsNeverInterleave() throws Exception {
        StringBuilder config = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            config.append("127.0.1.").append(i).append(" ping=50 numpings=3\n");
        }
        try (Connmonitor connmonitor = monitor(config.toString())) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3 * 200; i++) {
                lines.add(connmonitor.nextLine(WAIT));
            }
            stop(connmonitor);
            for (int i = 0; i < lines.size(); i += 3) {
                assertThat(lines.get(i)).matches("127\\.0\\.1\\.\\d+");
                assertThat(lines.get(i + 1)).matches(CTIME);
                assertThat(lines.get(i + 2)).matches(PING_BODY);
            }
        }
    }
}
