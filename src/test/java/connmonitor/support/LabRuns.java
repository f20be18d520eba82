package connmonitor.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the daemon inside a lab namespace until it has printed enough JSON records, then stops it. */
public final class LabRuns {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private LabRuns() {
    }

    /** The first {@code count} records of a JSON config; the daemon must stop cleanly with nothing on stderr. */
    public static List<JsonNode> records(String namespace, String config, int count) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        try (Connmonitor connmonitor = Connmonitor.startInNamespace(namespace)) {
            connmonitor.writeStdin(config, true);
            for (int i = 0; i < count; i++) {
                records.add(Json.parse(connmonitor.nextLine(WAIT)));
            }
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
            assertThat(connmonitor.stderrLines()).isEmpty();
        }
        return records;
    }

    /** The "ping" objects of the first {@code count} records. */
    public static List<JsonNode> pings(String namespace, String config, int count) throws Exception {
        return records(namespace, config, count).stream().map(record -> record.get("ping")).toList();
    }
}
