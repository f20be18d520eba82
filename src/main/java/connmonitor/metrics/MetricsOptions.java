package connmonitor.metrics;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the {@code --metrics} endpoint is served, beyond its address.
 *
 * @param rttHistogram  how the per-host RTT histogram is kept ({@code --metrics-rtt-histogram})
 * @param webConfigFile TLS and basic-auth settings in the Prometheus exporter toolkit's format
 *                      ({@code --web.config.file}), for this endpoint and the live view ({@code --web}) alike;
 *                      empty for plain HTTP without authentication
 */
public record MetricsOptions(RttHistogram rttHistogram, Optional<Path> webConfigFile) {

    public static final MetricsOptions DEFAULT = new MetricsOptions(RttHistogram.CLASSIC, Optional.empty());
}
