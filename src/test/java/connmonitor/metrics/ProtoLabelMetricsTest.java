package connmonitor.metrics;

import connmonitor.config.ConfigParser;
import connmonitor.config.HostEntry;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.support.Exposition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** proto=: the same host pinged over ICMP and TCP has two sets of series, told apart by a proto label. */
class ProtoLabelMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    private static Target target(String line) {
        HostEntry entry = ConfigParser.parse(line).hosts().getFirst();
        return new Target(entry.host(), InetAddress.ofLiteral("192.0.2.7"), entry.options(), 1, entry.fleet());
    }

    private List<Exposition.Sample> samples() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return Exposition.parsePrometheusText(out.toString(StandardCharsets.UTF_8)).samples().stream()
                .filter(sample -> sample.name().equals("connmonitor_ping_packets_sent_total")).toList();
    }

    @Test
    void aProtoLabelOnlyWhenSomeLineAsksForUdpOrTcp() throws Exception {
        HostMetrics metrics = new HostMetrics(registry);
        Target icmp = target("web ping=500");
        Target tcp = target("web ping=500 numpings=3 proto=tcp port=443");
        metrics.track(List.of(icmp, tcp));
        metrics.record(new Observation(icmp, PingResult.of(10, new double[] {1.0}), 1L));
        metrics.record(new Observation(tcp, PingResult.of(3, new double[] {1.0}), 1L));
        assertThat(samples()).extracting(sample -> sample.labels().get("proto") + "=" + sample.value())
                .containsExactlyInAnyOrder("icmp=10.0", "tcp=3.0");

        HostMetrics plain = new HostMetrics(new PrometheusRegistry());
        plain.track(List.of(icmp));
        assertThat(LabelScheme.of(List.of(icmp), java.util.Optional.empty()).names()).containsExactly("host", "addr");
    }
}
