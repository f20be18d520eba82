package connmonitor.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict reader the metrics tests rely on must reject what Prometheus would reject. */
class ExpositionTest {

    private static final String VALID = """
            # HELP up_total Things.\\nMore.
            # TYPE up_total counter
            up_total{a="x\\"y",b="\\\\"} 3.0
            up_total 1
            # TYPE rtt histogram
            rtt_bucket{le="0.5"} 1
            rtt_bucket{le="+Inf"} 2
            rtt_count 2
            rtt_sum 0.75
            g NaN
            g2{x="1"} -Inf 1700000000000
            """;

    @Test
    void readsValidTextWithEscapesSpecialValuesAndHistograms() {
        Exposition scrape = Exposition.parsePrometheusText(VALID);
        assertThat(scrape.value("up_total", "a", "x\"y")).isEqualTo(3.0);
        assertThat(scrape.value("up_total", "b", "\\")).isEqualTo(3.0);
        assertThat(scrape.value("g")).isNaN();
        assertThat(scrape.value("g2")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(scrape.names()).contains("rtt_bucket", "rtt_count", "rtt_sum");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a 1",                                     // no final newline
        "a{b=\"1\"} 1\na{b=\"1\"} 2\n",            // same series twice
        "a one\n",                                 // not a number
        "a{b=1} 1\n",                              // unquoted label value
        "a{__b=\"1\"} 1\n",                        // reserved label name
        "a{b=\"x\\q\"} 1\n",                       // bad escape
        "1a 1\n",                                  // bad metric name
        "# TYPE a counter\na -1\n",                // negative counter
        "# TYPE a gauge\n# TYPE a gauge\na 1\n",   // TYPE twice
        "a 1\n# TYPE a gauge\n",                   // TYPE after samples
        "a 1\nb 1\na{x=\"1\"} 1\n",                // family split in two groups
        "# TYPE a wat\na 1\n",                     // unknown type
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n", // not cumulative
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n",                         // no +Inf
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\nh_sum 1\n",                      // count differs
    })
    void rejectsInvalidText(String text) {
        assertThatThrownBy(() -> Exposition.parsePrometheusText(text)).isInstanceOf(AssertionError.class);
    }

    @Test
    void openMetricsNeedsEofFamiliesAndCounterSuffixes() {
        Exposition scrape = Exposition.parseOpenMetrics("""
                # TYPE c_seconds counter
                # UNIT c_seconds seconds
                # HELP c_seconds help
                c_seconds_total 1.0
                # EOF
                """);
        assertThat(scrape.value("c_seconds_total")).isEqualTo(1.0);
        assertThatThrownBy(() -> Exposition.parseOpenMetrics("# TYPE c counter\nc_total 1\n"))
                .hasMessageContaining("# EOF");
        assertThatThrownBy(() -> Exposition.parseOpenMetrics("# TYPE c counter\nc 1\n# EOF\n"))
                .hasMessageContaining("_total");
        assertThatThrownBy(() -> Exposition.parseOpenMetrics("# TYPE c_ms gauge\n# UNIT c_ms seconds\nc_ms 1\n# EOF\n"))
                .hasMessageContaining("unit");
        assertThatThrownBy(() -> Exposition.parseOpenMetrics("a 1\n\n# EOF\n")).hasMessageContaining("blank");
    }
}
