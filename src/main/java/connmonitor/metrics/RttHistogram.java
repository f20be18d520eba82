package connmonitor.metrics;

import java.util.Locale;

/**
 * How {@code connmonitor_ping_reply_rtt_seconds} is kept per host, chosen with
 * {@code --metrics-rtt-histogram}: its 16 classic buckets are most of a host's series, which counts at
 * 10,000+ hosts.
 */
public enum RttHistogram {
    /** 16 fixed buckets, +Inf, _sum and _count: 19 series per host; what 4.x-era dashboards read. */
    CLASSIC,
    /**
     * A Prometheus native histogram (sparse, exponential buckets): one series per host for a scraper
     * that negotiates the protobuf format (Prometheus 2.40+ with --enable-feature=native-histograms);
     * the text formats show only its _count and _sum.
     */
    NATIVE,
    /** No per-host RTT histogram at all; the last burst's min/avg/max/stddev gauges remain. */
    OFF;

    /** From the option's value: classic, native or off. */
    public static RttHistogram parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("--metrics-rtt-histogram must be classic, native or off, not '"
                    + value + "'");
        }
    }
}
