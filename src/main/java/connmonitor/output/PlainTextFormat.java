package connmonitor.output;

import connmonitor.config.Addresses;
import connmonitor.config.Printable;
import connmonitor.probe.Observation;
import connmonitor.probe.PathResult;
import connmonitor.probe.PathSetResult;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.util.Optional;

/**
 * connmonitor 4.1.3 plaintext: the header line (host, then a space and the address when it differs), the
 * ctime timestamp line when timestamps are on, then the body.
 */
public final class PlainTextFormat implements RecordFormat {

    static final PlainTextFormat INSTANCE = new PlainTextFormat();

    private PlainTextFormat() {
    }

    @Override
    public String format(Observation observation) {
        StringBuilder out = new StringBuilder(128);
        out.append(observation.target().header()).append('\n');
        if (observation.target().options().timestamp()) {
            out.append(Ctime.format(observation.epochMicros())).append('\n');
        }
        switch (observation.measurement()) {
            case PingResult ping -> ping(ping, out);
            case TraceResult trace -> trace(trace, out);
            case ScanResult scan -> scan(scan, out);
            case PathResult path -> path(path, out);
            case PathSetResult paths -> paths(paths, out);
        }
        return out.toString();
    }

    private static void ping(PingResult ping, StringBuilder out) {
        out.append(millis(ping.min())).append('\t')
                .append(millis(ping.avg())).append('\t')
                .append(millis(ping.max())).append('\t')
                .append(millis(ping.std())).append('\t')
                .append(millis(ping.loss())).append('\n');
    }

    private static void trace(TraceResult trace, StringBuilder out) {
        for (TraceResult.Step step : trace.steps()) {
            if (step.answered()) {
                out.append(Addresses.format(step.address())).append('\t').append(millis(step.rttMillis()));
            } else {
                out.append('*');
            }
            out.append('\n');
        }
    }

    /** mtr's report columns, one line per hop: HOP ADDRESS LOSS% SENT LAST AVG BEST WORST JITTER. */
    private static void path(PathResult path, StringBuilder out) {
        for (PathResult.Hop hop : path.hops()) {
            out.append(hop.hop()).append('\t')
                    .append(hop.address() == null ? "*" : Addresses.format(hop.address())).append('\t')
                    .append(millis(hop.loss())).append('\t')
                    .append(hop.sent()).append('\t')
                    .append(rtt(hop.last())).append('\t')
                    .append(rtt(hop.avg())).append('\t')
                    .append(rtt(hop.best())).append('\t')
                    .append(rtt(hop.worst())).append('\t')
                    .append(rtt(hop.jitter())).append('\n');
        }
    }

    /** One line per path: its hops from TTL 1, tab-separated, {@code *} where none answered. */
    private static void paths(PathSetResult paths, StringBuilder out) {
        for (java.util.List<java.net.InetAddress> path : paths.paths()) {
            for (int hop = 0; hop < path.size(); hop++) {
                out.append(hop == 0 ? "" : "\t").append(PathSetResult.text(path.get(hop)));
            }
            out.append('\n');
        }
    }

    private static String rtt(double value) {
        return millis(Double.isNaN(value) ? -1 : value);
    }

    private static void scan(ScanResult scan, StringBuilder out) {
        out.append(http(scan.http())).append('\t')
                .append(http(scan.https())).append('\t')
                .append(scan.mysql().map(m -> millis(m.rttMillis()) + ", " + Printable.escape(m.version())).orElse("None"))
                .append('\n');
    }

    private static String http(Optional<ScanResult.Http> http) {
        return http.map(h -> millis(h.rttMillis()) + ", " + Printable.escape(h.statusCode()) + ", " + Printable.escape(h.server()))
                .orElse("None");
    }

    /** Three decimals, like C's {@code %.3f}. */
    static String millis(double value) {
        return Decimals.fixed(value, 3);
    }
}
