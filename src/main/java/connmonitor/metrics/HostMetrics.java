package connmonitor.metrics;

import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Observation;
import connmonitor.probe.PathResult;
import connmonitor.probe.PathSetResult;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every observation of every configured host as Prometheus series. The set of series follows the
 * config: {@link #track} on each (re)load starts the counters of new hosts and removes every series of
 * hosts (or loops) the config no longer has, so a scrape never shows more than the config names. The hop
 * series follow {@code path=}, not the trace loop: a line that keeps {@code trace=} but drops {@code path=}
 * loses them.
 * A scrape takes the same lock as an update, so it shows whole measurements: never the min of one
 * burst beside the max of the one before.
 */
final class HostMetrics implements MultiCollector {

    private final Optional<String> vantage;
    private final RttHistogram histogram;
    private LabelScheme scheme;
    private PingMetrics ping;
    private TraceMetrics trace;
    private ScanMetrics scan;
    private HopMetrics hop;
    private PathSetMetrics pathSets;
    private Gauge lastRun;
    private Gauge hosts;
    /** Per kind, the hosts whose loop of that kind is configured. */
    private Map<Kind, Set<HostLabels>> current = byKind(Set.of(), LabelScheme.PLAIN);
    /** The hosts that keep per-hop statistics ({@code path=}); a subset of the traced ones. */
    private Set<HostLabels> pathHosts = Set.of();

    private List<StatefulMetric<?, ?>> all;

    /** Registers the series with the registry that the endpoint serves. */
    HostMetrics(PrometheusRegistry registry) {
        this(registry, Optional.empty(), RttHistogram.CLASSIC);
    }

    /**
     * Registers the series, each with a {@code vantage} label when the monitor has a name, and the per-host
     * RTT histogram as asked.
     */
    HostMetrics(PrometheusRegistry registry, Optional<String> vantage, RttHistogram histogram) {
        this.vantage = vantage;
        this.histogram = histogram;
        build(LabelScheme.of(Set.of(), vantage));
        registry.register(this);
    }

    /**
     * Makes every metric anew with these label names. Only a reload that brings a label name no host had
     * (or drops the last use of one) does this; the counters then start again at 0, which rate() and
     * increase() read as a reset.
     */
    private void build(LabelScheme labels) {
        scheme = labels;
        ping = new PingMetrics(labels, histogram);
        trace = new TraceMetrics(labels);
        scan = new ScanMetrics(labels);
        hop = new HopMetrics(labels);
        pathSets = new PathSetMetrics(labels);
        lastRun = Gauge.builder().name("connmonitor_last_run_timestamp_seconds")
                .help("When the last measurement of this kind (ping, trace, scan, paths) of the host finished, "
                        + "seconds since the Unix epoch")
                .labelNames(labels.names("kind")).withoutExemplars().build();
        hosts = Gauge.builder().name("connmonitor_hosts")
                .help("Hosts in the config that resolved and are being measured")
                .labelNames(labels.monitorNames()).withoutExemplars().build();
        List<StatefulMetric<?, ?>> metrics = new ArrayList<>(List.of(lastRun, hosts));
        metrics.addAll(ping.metrics());
        metrics.addAll(trace.metrics());
        metrics.addAll(scan.metrics());
        metrics.addAll(hop.metrics());
        metrics.addAll(pathSets.metrics());
        all = List.copyOf(metrics);
        current = byKind(Set.of(), labels);
        pathHosts = Set.of();
    }

    @Override
    public synchronized MetricSnapshots collect() {
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        all.forEach(metric -> snapshots.metricSnapshot(metric.collect()));
        return snapshots.build();
    }

    /** The families served, so that the registry refuses another collector with one of their names. */
    @Override
    public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return all.stream().map(StatefulMetric::getMetricFamilyDescriptor).toList();
    }

    /** Makes the series follow this host set (the config just loaded). */
    synchronized void track(Collection<Target> targets) {
        LabelScheme labels = LabelScheme.of(targets, vantage);
        if (!labels.equals(scheme)) {
            build(labels);
        }
        Map<Kind, Set<HostLabels>> next = byKind(targets, scheme);
        for (HostLabels host : next.get(Kind.PING)) {
            if (!current.get(Kind.PING).contains(host)) {
                ping.start(host);
            }
        }
        for (HostLabels host : next.get(Kind.TRACE)) {
            if (!current.get(Kind.TRACE).contains(host)) {
                trace.start(host);
            }
        }
        ping.retain(next.get(Kind.PING));
        trace.retain(next.get(Kind.TRACE));
        scan.retain(next.get(Kind.SCAN));
        Set<HostLabels> nextPathHosts = targets.stream().filter(target -> target.options().keepsPath())
                .map(scheme::of).collect(Collectors.toUnmodifiableSet());
        hop.retain(nextPathHosts);
        pathSets.retain(next.get(Kind.PATHS));
        int hostSize = scheme.hostSize();
        lastRun.removeIf(values -> !next.get(kind(values.get(hostSize))).contains(HostLabels.of(values, hostSize)));
        long distinct = targets.stream().map(scheme::of).distinct().count();
        if (vantage.isPresent()) {
            hosts.labelValues(scheme.monitorValues()).set(distinct);
        } else {
            hosts.set(distinct);
        }
        current = next;
        pathHosts = nextPathHosts;
    }

    synchronized void record(Observation observation) {
        HostLabels host = scheme.of(observation.target());
        Kind kind = observation.measurement().kind();
        if (!current.get(kind).contains(host)) {
            return; // a measurement that was running when a reload removed its host (or loop)
        }
        switch (observation.measurement()) {
            case PingResult burst -> ping.record(host, burst);
            case TraceResult route -> trace.record(host, route);
            case ScanResult services -> scan.record(host, services);
            case PathResult path -> {
                if (pathHosts.contains(host)) { // else a trace of the old line ended after path= was dropped
                    hop.record(host, path);
                }
                return; // a summary of traces, not a run of its own
            }
            case PathSetResult paths -> pathSets.record(host, paths);
        }
        lastRun.labelValues(host.with(kind.word())).set(observation.epochMicros() / 1e6);
    }

    private static Map<Kind, Set<HostLabels>> byKind(Collection<Target> targets, LabelScheme scheme) {
        Map<Kind, Set<HostLabels>> byKind = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Set<HostLabels> hostsOfKind = new HashSet<>();
            for (Target target : targets) {
                if (kind.periodMillis(target.options()) > 0) {
                    hostsOfKind.add(scheme.of(target));
                }
            }
            byKind.put(kind, Set.copyOf(hostsOfKind));
        }
        return byKind;
    }

    private static Kind kind(String word) {
        return Kind.valueOf(word.toUpperCase(Locale.ROOT));
    }
}
