package connmonitor.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.lab.Impairment;
import connmonitor.lab.Lab;
import connmonitor.lab.Preset;
import connmonitor.support.Connmonitor;
import connmonitor.support.Exposition;
import connmonitor.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A monitor in a lab namespace pinging a host behind a 30%-loss link, scraped from inside the
 * namespace: the counters and loss ratio say what the printed records say.
 */
class MetricsLabIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String scrape(Lab lab) {
        String http = "exec 3<>/dev/tcp/127.0.0.1/9469 && printf 'GET /metrics HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n' >&3 && cat <&3";
        String response = lab.exec("client", "bash", "-c", http).orThrow().stdout();
        assertThat(response).startsWith("HTTP/1.1 200");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aLossyLabHostsSeriesMatchItsRecords() throws Exception {
        try (Lab lab = Preset.PAIR.builder().build()) {
            lab.emulator("client", "server").direction("client").set(Impairment.none().loss(30));
            String server = lab.ipv4("server").getHostAddress();
            try (Connmonitor connmonitor = Connmonitor.startInNamespace(lab.namespace("client"), "--metrics", "9469")) {
                connmonitor.writeStdin(server + " ping=10 numpings=20 json=1\n", true);
                List<JsonNode> records = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    records.add(Json.parse(connmonitor.nextLine(WAIT)));
                }
                Exposition metrics = Exposition.parsePrometheusText(scrape(lab));
                String[] labels = {"host", server, "addr", server};
                double lastRun = metrics.value("connmonitor_last_run_timestamp_seconds",
                        "host", server, "addr", server, "kind", "ping");
                while (records.getLast().get("timestamp").asDouble() / 1000 < lastRun - 2e-6) {
                    records.add(Json.parse(connmonitor.nextLine(WAIT)));
                }
                List<JsonNode> upTo = records.stream()
                        .filter(r -> r.get("timestamp").asDouble() / 1000 <= lastRun + 2e-6).toList();
                long received = upTo.stream()
                        .mapToLong(r -> Math.round(20 * (1 - r.get("ping").get("loss").asDouble() / 100))).sum();
                assertThat(metrics.value("connmonitor_ping_packets_sent_total", labels)).isEqualTo(20.0 * upTo.size());
                assertThat(metrics.value("connmonitor_ping_packets_received_total", labels)).isEqualTo(received);
                assertThat(received).isLessThan(20L * upTo.size()); // the link did lose some
                assertThat(metrics.value("connmonitor_ping_loss_ratio", labels))
                        .isCloseTo(upTo.getLast().get("ping").get("loss").asDouble() / 100, within(1e-12));
                assertThat(metrics.value("connmonitor_ping_rtt_seconds", "host", server, "addr", server, "stat", "min"))
                        .isCloseTo(upTo.getLast().get("ping").get("min").asDouble() / 1000, within(1e-12));
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
            }
        }
    }
}
