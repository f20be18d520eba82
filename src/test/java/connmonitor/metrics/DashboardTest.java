package connmonitor.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.support.Exposition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus examples in contrib/ ask only for series the exporter
 * really serves: every metric name, label name and label value they select exists in a scrape.
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("contrib/grafana/connmonitor-dashboard.json");
    private static final Path ALERTS = Path.of("contrib/prometheus/connmonitor-alerts.yml");
    private static final Pattern METRIC = Pattern.compile("\\b((?:connmonitor|process|jvm)_[a-zA-Z0-9_]+)");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|on|without|ignoring)\\s*\\(([^)]*)\\)");
    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static Exposition served;
    private static JsonNode dashboard;

    @BeforeAll
    static void scrapeEverythingTheExporterServes() throws Exception {
        PrometheusRegistry registry = MetricsServer.processRegistry();
        HostMetrics metrics = new HostMetrics(registry);
        ServiceMetrics service = new ServiceMetrics(registry, "5.0.0");
        service.countLateStarts(() -> 0);
        Target target = HostMetricsTest.target("web", "192.0.2.7", HostMetricsTest.options(500, 1000, 5000));
        metrics.track(List.of(target));
        metrics.record(new Observation(target, PingResult.of(2, new double[] {1, 2}), 1));
        metrics.record(new Observation(target, HostMetricsTest.trace(true, "192.0.2.7"), 1));
        metrics.record(new Observation(target, HostMetricsTest.scan(1.0, null, null), 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        served = Exposition.parsePrometheusText(out.toString(StandardCharsets.UTF_8));
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    private static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add); // panels inside collapsed rows
        });
        return panels;
    }

    /** Every PromQL expression of the dashboard: panel targets and template variable queries. */
    private static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> expressions.add(target.get("expr").asText()));
        }
        dashboard.get("templating").get("list").forEach(variable -> {
            if (variable.get("type").asText().equals("query")) {
                expressions.add(variable.get("query").get("query").asText());
            }
        });
        return expressions;
    }

    private static Set<String> servedLabel(String name) {
        Set<String> values = new HashSet<>();
        served.samples().forEach(sample -> {
            if (sample.labels().containsKey(name)) {
                values.add(sample.labels().get(name));
            }
        });
        return values;
    }

    private static void assertOnlyServedSeries(String expression) {
        Matcher metric = METRIC.matcher(expression);
        int names = 0;
        while (metric.find()) {
            names++;
            assertThat(served.names()).as("metric in: " + expression).contains(metric.group(1));
        }
        assertThat(names).as("metrics named in: " + expression).isPositive();
        Matcher matcher = MATCHER.matcher(expression);
        while (matcher.find()) {
            String label = matcher.group(1);
            if (TARGET_LABELS.contains(label) || matcher.group(2).startsWith("$")) {
                continue; // values chosen from template variables that are themselves label_values() queries
            }
            assertThat(servedLabel(label)).as(label + " values in: " + expression).contains(matcher.group(2));
        }
        Matcher grouping = GROUPING.matcher(expression);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                String name = label.strip();
                assertThat(TARGET_LABELS.contains(name) || !servedLabel(name).isEmpty())
                        .as("label '" + name + "' in: " + expression).isTrue();
            }
        }
    }

    @Test
    void theDashboardIsGrafanaJsonWithUniquePanelIdsAndADataSourceVariable() {
        assertThat(dashboard.get("uid").asText()).isNotBlank();
        assertThat(dashboard.get("title").asText()).isEqualTo("connmonitor");
        List<Integer> ids = panels().stream().map(panel -> panel.get("id").asInt()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        for (JsonNode panel : panels()) {
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText())
                        .isEqualTo("${datasource}");
                assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
                assertThat(panel.get("gridPos").get("w").asInt()).isBetween(1, 24);
            }
        }
        assertThat(dashboard.get("templating").get("list")).anySatisfy(variable ->
                assertThat(variable.get("type").asText()).isEqualTo("datasource"));
    }

    @Test
    void everyPanelQueryAsksForSeriesTheExporterServes() {
        List<String> expressions = expressions();
        assertThat(expressions).hasSizeGreaterThan(10);
        expressions.forEach(DashboardTest::assertOnlyServedSeries);
    }

    @Test
    void theSmokePingPanelDrawsAMinToMaxBandAroundTheAverageWithLoss() {
        JsonNode latency = panels().stream().filter(panel -> panel.path("repeat").asText().equals("host")
                && panel.get("type").asText().equals("timeseries")).findFirst().orElseThrow();
        List<String> legends = new ArrayList<>();
        latency.get("targets").forEach(target -> legends.add(target.get("legendFormat").asText()));
        assertThat(legends).containsExactly("max", "min", "avg", "loss");
        assertThat(latency.get("fieldConfig").get("overrides")).anySatisfy(override -> {
            assertThat(override.get("matcher").get("options").asText()).isEqualTo("max");
            assertThat(override.get("properties")).anySatisfy(property -> {
                assertThat(property.get("id").asText()).isEqualTo("custom.fillBelowTo");
                assertThat(property.get("value").asText()).isEqualTo("min");
            });
        });
    }

    @Test
    void theAlertingRulesAskForSeriesTheExporterServes() throws Exception {
        String rules = Files.readString(ALERTS);
        Matcher metric = METRIC.matcher(rules);
        int names = 0;
        while (metric.find()) {
            names++;
            assertThat(served.names()).as("metric in the alerting rules").contains(metric.group(1));
        }
        assertThat(names).isGreaterThan(5);
    }
}
