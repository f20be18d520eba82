package connmonitor.output;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import connmonitor.config.Addresses;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.util.Optional;

/**
 * connmonitor 4.1.3 JSON, byte for byte: one object per line, {@code addr}, {@code name}, {@code timestamp}
 * (ms since the epoch, when on), then the measurement. 4.1.3 built these lines with printf, so every number
 * is {@code %f} (six decimals), the header without a timestamp has a space after each comma, and a trace
 * step has a space after its comma. Unlike 4.1.3, strings are escaped (by Jackson), so a hostile
 * {@code Server} header cannot break the line; keys we add come after 4.1.3's.
 */
public final class JsonFormat implements RecordFormat {

    static final JsonFormat INSTANCE = new JsonFormat();
    private static final int DECIMALS = 6;

    private JsonFormat() {
    }

    @Override
    public String format(Observation observation) {
        StringBuilder out = new StringBuilder(192);
        out.append("{\"addr\":");
        string(observation.target().addressText(), out);
        if (observation.target().options().timestamp()) {
            out.append(",\"name\":");
            string(observation.target().name(), out);
            out.append(",\"timestamp\":").append(epochMillis(observation.epochMicros())).append(',');
        } else {
            out.append(", \"name\":");
            string(observation.target().name(), out);
            out.append(", ");
        }
        switch (observation.measurement()) {
            case PingResult ping -> ping(ping, out);
            case TraceResult trace -> trace(trace, out);
            case ScanResult scan -> scan(scan, out);
        }
        return out.append("}\n").toString();
    }

    /** Milliseconds since the epoch as {@code %f}: the microseconds are exact, the last three digits zero. */
    static String epochMillis(long epochMicros) {
        long millis = Math.floorDiv(epochMicros, 1000L);
        long micros = Math.floorMod(epochMicros, 1000L);
        return millis + "." + (micros < 10 ? "00" : micros < 100 ? "0" : "") + micros + "000";
    }

    private static void ping(PingResult ping, StringBuilder out) {
        out.append("\"ping\":{\"min\":").append(number(ping.min()))
                .append(",\"avg\":").append(number(ping.avg()))
                .append(",\"max\":").append(number(ping.max()))
                .append(",\"std\":").append(number(ping.std()))
                .append(",\"loss\":").append(number(ping.loss()))
                .append('}');
    }

    private static void trace(TraceResult trace, StringBuilder out) {
        out.append("\"trace\":[");
        boolean first = true;
        for (TraceResult.Step step : trace.steps()) {
            out.append(first ? "[" : ",[");
            first = false;
            if (step.answered()) {
                string(Addresses.format(step.address()), out);
                out.append(", ").append(number(step.rttMillis()));
            } else {
                out.append("\"*\"");
            }
            out.append(']');
        }
        out.append(']');
    }

    private static void scan(ScanResult scan, StringBuilder out) {
        out.append("\"scan\":{");
        http("http", scan.http(), out);
        out.append(',');
        http("https", scan.https(), out);
        out.append(",\"mysql\":");
        if (scan.mysql().isPresent()) {
            ScanResult.Mysql mysql = scan.mysql().get();
            out.append("{\"rtt\":").append(number(mysql.rttMillis())).append(",\"version\":");
            string(mysql.version(), out);
            if (mysql.error().isPresent()) {
                out.append(",\"error\":");
                string(mysql.error().get(), out);
            }
            out.append('}');
        } else {
            out.append("\"None\"");
        }
        out.append('}');
    }

    private static void http(String field, Optional<ScanResult.Http> http, StringBuilder out) {
        out.append('"').append(field).append("\":");
        if (http.isEmpty()) {
            out.append("\"None\"");
            return;
        }
        ScanResult.Http answer = http.get();
        out.append("{\"rtt\":").append(number(answer.rttMillis())).append(",\"response code\":");
        string(answer.statusCode(), out);
        out.append(",\"server\":");
        string(answer.server(), out);
        if (answer.certificate() != ScanResult.Certificate.NONE) {
            out.append(",\"certificate verified\":")
                    .append(answer.certificate() == ScanResult.Certificate.VERIFIED);
        }
        out.append('}');
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
