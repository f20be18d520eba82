package connmonitor.output;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import connmonitor.config.Addresses;
import connmonitor.probe.Observation;
import connmonitor.probe.PathResult;
import connmonitor.probe.PathSetResult;
import connmonitor.probe.PingResult;
import connmonitor.probe.RttQuantiles;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.util.Map;
import java.util.Optional;

/**
 * connmonitor 4.1.3 JSON, byte for byte: one object per line, {@code addr}, {@code name}, {@code timestamp}
 * (ms since the epoch, when on), then the measurement. 4.1.3 built these lines with printf, so every number
 * is {@code %f} (six decimals), the header without a timestamp has a space after each comma, and a trace
 * step has a space after its comma. Unlike 4.1.3, strings are escaped (by Jackson), so a hostile
 * {@code Server} header cannot break the line; keys we add come after 4.1.3's: the host's
 * {@code labels} when it has any, then {@code vantage} when the monitor has a name.
 */
public final class JsonFormat implements RecordFormat {

    static final JsonFormat INSTANCE = new JsonFormat("");
    private static final int DECIMALS = 6;

    /** {@code ,"vantage":"NAME"} ready to append, or empty without --vantage: the same for every record. */
    private final String vantageField;

    private JsonFormat(String vantageField) {
        this.vantageField = vantageField;
    }

    /** Records of a monitor named by --vantage: each ends with {@code "vantage":"NAME"}. */
    static JsonFormat withVantage(String vantage) {
        StringBuilder field = new StringBuilder(",\"" + RecordFields.VANTAGE + "\":");
        string(vantage, field);
        return new JsonFormat(field.toString());
    }

    @Override
    public String format(Observation observation) {
        StringBuilder out = new StringBuilder(192);
        out.append('{');
        key(RecordFields.ADDR, out);
        string(observation.target().addressText(), out);
        if (observation.target().options().timestamp()) {
            out.append(',');
            key(RecordFields.NAME, out);
            string(observation.target().name(), out);
            out.append(',');
            key(RecordFields.TIMESTAMP, out);
            out.append(epochMillis(observation.epochMicros())).append(',');
        } else {
            out.append(", ");
            key(RecordFields.NAME, out);
            string(observation.target().name(), out);
            out.append(", ");
        }
        switch (observation.measurement()) {
            case PingResult ping -> ping(ping, observation.target().options().quantiles(), out);
            case TraceResult trace -> trace(trace, out);
            case ScanResult scan -> scan(scan, out);
            case PathResult path -> path(path, out);
            case PathSetResult paths -> paths(paths, out);
        }
        if (observation.target().fleet().hasLabels()) {
            labels(observation.target().fleet().labels(), out);
        }
        return out.append(vantageField).append("}\n").toString();
    }

    /** Milliseconds since the epoch as {@code %f}: the microseconds are exact, the last three digits zero. */
    static String epochMillis(long epochMicros) {
        long millis = Math.floorDiv(epochMicros, 1000L);
        long micros = Math.floorMod(epochMicros, 1000L);
        return millis + "." + (micros < 10 ? "00" : micros < 100 ? "0" : "") + micros + "000";
    }

    /** The host's own labels, in config order, after 4.1.3's keys: {@code ,"labels":{"site":"fra1"}}. */
    private static void labels(Map<String, String> labels, StringBuilder out) {
        out.append(",\"" + RecordFields.LABELS + "\":{");
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            string(label.getKey(), out);
            out.append(':');
            string(label.getValue(), out);
        }
        out.append('}');
    }

    private static void ping(PingResult ping, boolean quantiles, StringBuilder out) {
        key(RecordFields.PING, out);
        out.append('{');
        key(RecordFields.MIN, out);
        out.append(number(ping.min())).append(',');
        key(RecordFields.AVG, out);
        out.append(number(ping.avg())).append(',');
        key(RecordFields.MAX, out);
        out.append(number(ping.max())).append(',');
        key(RecordFields.STD, out);
        out.append(number(ping.std())).append(',');
        key(RecordFields.LOSS, out);
        out.append(number(ping.loss()));
        if (quantiles && ping.received() > 0) {
            out.append(',');
            key(RecordFields.QUANTILES, out);
            double[] q = RttQuantiles.of(ping.rtts(), ping.received());
            out.append('[');
            for (int i = 0; i < q.length; i++) {
                out.append(i == 0 ? "" : ",").append(number(q[i]));
            }
            out.append(']');
        }
        out.append('}');
    }

    private static void trace(TraceResult trace, StringBuilder out) {
        key(RecordFields.TRACE, out);
        out.append('[');
        boolean first = true;
        for (TraceResult.Step step : trace.steps()) {
            out.append(first ? "[" : ",[");
            first = false;
            if (step.answered()) {
                string(Addresses.format(step.address()), out);
                out.append(", ").append(number(step.rttMillis()));
            } else {
                string(RecordFields.NO_ANSWER, out);
            }
            out.append(']');
        }
        out.append(']');
    }

    /** {@code "path":[{"hop":1,"addr":"10.0.1.2","sent":100,...},...]}; RTTs of a silent hop are -1 as in a lost burst. */
    private static void path(PathResult path, StringBuilder out) {
        key(RecordFields.PATH, out);
        out.append('[');
        boolean first = true;
        for (PathResult.Hop hop : path.hops()) {
            out.append(first ? "{" : ",{");
            first = false;
            key(RecordFields.HOP, out);
            out.append(hop.hop()).append(',');
            key(RecordFields.ADDR, out);
            string(hop.address() == null ? RecordFields.NO_ANSWER : Addresses.format(hop.address()), out);
            out.append(',');
            key(RecordFields.SENT, out);
            out.append(hop.sent()).append(',');
            key(RecordFields.RECEIVED, out);
            out.append(hop.received()).append(',');
            key(RecordFields.LOSS, out);
            out.append(number(hop.loss())).append(',');
            key(RecordFields.LAST, out);
            out.append(rtt(hop.last())).append(',');
            key(RecordFields.AVG, out);
            out.append(rtt(hop.avg())).append(',');
            key(RecordFields.BEST, out);
            out.append(rtt(hop.best())).append(',');
            key(RecordFields.WORST, out);
            out.append(rtt(hop.worst())).append(',');
            key(RecordFields.JITTER, out);
            out.append(rtt(hop.jitter())).append('}');
        }
        out.append(']');
    }

    /** {@code "paths":[["10.0.1.2","10.0.2.2"],["10.0.1.2","*"]],"flows":16,"probes":96} */
    private static void paths(PathSetResult paths, StringBuilder out) {
        key(RecordFields.PATHS, out);
        out.append('[');
        for (int i = 0; i < paths.paths().size(); i++) {
            out.append(i == 0 ? "[" : ",[");
            java.util.List<java.net.InetAddress> path = paths.paths().get(i);
            for (int hop = 0; hop < path.size(); hop++) {
                out.append(hop == 0 ? "" : ",");
                string(PathSetResult.text(path.get(hop)), out);
            }
            out.append(']');
        }
        out.append("],");
        key(RecordFields.FLOWS, out);
        out.append(paths.flows()).append(',');
        key(RecordFields.PROBES, out);
        out.append(paths.probes());
    }

    private static String rtt(double millis) {
        return number(Double.isNaN(millis) ? -1 : millis);
    }

    private static void scan(ScanResult scan, StringBuilder out) {
        key(RecordFields.SCAN, out);
        out.append('{');
        http(RecordFields.HTTP, scan.http(), out);
        out.append(',');
        http(RecordFields.HTTPS, scan.https(), out);
        out.append(',');
        key(RecordFields.MYSQL, out);
        if (scan.mysql().isEmpty()) {
            string(RecordFields.NONE, out);
        } else {
            ScanResult.Mysql mysql = scan.mysql().get();
            out.append('{');
            key(RecordFields.RTT, out);
            out.append(number(mysql.rttMillis())).append(',');
            key(RecordFields.VERSION, out);
            string(mysql.version(), out);
            if (mysql.error().isPresent()) {
                out.append(',');
                key(RecordFields.ERROR, out);
                string(mysql.error().get(), out);
            }
            out.append('}');
        }
        out.append('}');
    }

    private static void http(String field, Optional<ScanResult.Http> http, StringBuilder out) {
        key(field, out);
        if (http.isEmpty()) {
            string(RecordFields.NONE, out);
            return;
        }
        ScanResult.Http answer = http.get();
        out.append('{');
        key(RecordFields.RTT, out);
        out.append(number(answer.rttMillis())).append(',');
        key(RecordFields.RESPONSE_CODE, out);
        string(answer.statusCode(), out);
        out.append(',');
        key(RecordFields.SERVER, out);
        string(answer.server(), out);
        if (answer.certificate() != ScanResult.Certificate.NONE) {
            out.append(',');
            key(RecordFields.CERTIFICATE_VERIFIED, out);
            out.append(answer.certificate() == ScanResult.Certificate.VERIFIED);
        }
        out.append('}');
    }

    /** {@code "key":} */
    private static void key(String name, StringBuilder out) {
        string(name, out);
        out.append(':');
    }

    static String number(double value) {
        return Decimals.fixed(value, DECIMALS);
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append('"');
    }
}
