package connmonitor.report;


import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import connmonitor.output.Version;
import connmonitor.probe.RttQuantiles;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's data as the page reads it: per host, columns of numbers (times in ms since the epoch, RTTs
 * in ms rounded to the microsecond, loss in percent), the distinct routes and the route changes, and the
 * summary. Columns rather than objects per point keep the page small; NaN is written as null.
 */
final class ReportJson {

    /** Route changes drawn per host at most; the summary still counts them all. */
    static final int MAX_CHANGES_PER_HOST = 2000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final JsonGenerator json;

    ReportJson(Writer out) throws IOException {
        this.json = FACTORY.createGenerator(out);
        json.setCharacterEscapes(new HtmlSafeEscapes());
    }

    void write(Report report) throws IOException {
        json.writeStartObject();
        json.writeStringField("generator", "connmonitor " + Version.number());
        json.writeNumberField("generatedAt", report.generatedAt().toEpochMilli());
        filter(report.filter());
        json.writeArrayFieldStart("files");
        for (FileStats file : report.files()) {
            file(file);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("totals");
        json.writeNumberField("records", report.records());
        json.writeNumberField("skipped", report.skippedLines());
        json.writeNumberField("filteredOut", report.filteredOut());
        json.writeEndObject();
        json.writeArrayFieldStart("hosts");
        for (HostSeries host : report.hosts()) {
            host(host);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
    }

    private void filter(Filter filter) throws IOException {
        json.writeObjectFieldStart("filter");
        number("since", Double.isInfinite(filter.since()) ? Double.NaN : filter.since());
        number("until", Double.isInfinite(filter.until()) ? Double.NaN : filter.until());
        json.writeArrayFieldStart("hosts");
        for (String host : filter.hosts().stream().sorted().toList()) {
            json.writeString(host);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void file(FileStats file) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", file.name);
        json.writeNumberField("lines", file.lines);
        json.writeNumberField("records", file.records);
        json.writeNumberField("filteredOut", file.filteredOut);
        json.writeNumberField("skipped", file.skippedLines());
        json.writeStringField("reasons", file.skipReasons());
        json.writeNumberField("firstSkippedLine", file.firstSkippedLine);
        json.writeBooleanField("truncated", file.truncatedCompression);
        json.writeEndObject();
    }

    private void host(HostSeries host) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", host.name);
        if (!host.vantage.isEmpty()) {
            json.writeStringField("vantage", host.vantage);
        }
        if (!host.labels.isEmpty()) {
            json.writeObjectFieldStart("labels");
            for (var label : new java.util.TreeMap<>(host.labels).entrySet()) {
                json.writeStringField(label.getKey(), label.getValue());
            }
            json.writeEndObject();
        }
        json.writeArrayFieldStart("addrs");
        for (String addr : host.addresses) {
            json.writeString(addr);
        }
        json.writeEndArray();
        json.writeNumberField("widthMs", host.widthMs());
        summary(HostSummary.of(host));
        ping(host);
        scan(host);
        routes(host.routes);
        path(host.latestPath);
        PathSetJson.write(json, host.pathSets, host.totals.last);
        json.writeEndObject();
    }

    /** The latest path record: its time and per hop [hop, addr, loss, sent, last, avg, best, worst, jitter]. */
    private void path(LogRecord.Path path) throws IOException {
        if (path == null) {
            json.writeNullField("path");
            return;
        }
        json.writeObjectFieldStart("path");
        json.writeNumberField("t", Math.rint(path.timestamp()));
        json.writeArrayFieldStart("hops");
        for (LogRecord.Path.Hop hop : path.hops()) {
            json.writeStartArray();
            json.writeNumber(hop.hop());
            json.writeString(hop.address());
            writeRounded(hop.loss());
            json.writeNumber(hop.sent());
            for (double rtt : new double[] {hop.last(), hop.avg(), hop.best(), hop.worst(), hop.jitter()}) {
                writeRounded(rtt < 0 ? Double.NaN : rtt);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void summary(HostSummary s) throws IOException {
        json.writeObjectFieldStart("summary");
        json.writeNumberField("bursts", s.bursts());
        number("availability", s.availabilityPercent());
        number("loss", s.lossPercent());
        number("p50", s.p50());
        number("p95", s.p95());
        number("p99", s.p99());
        json.writeNumberField("traces", s.traces());
        json.writeNumberField("routeChanges", s.routeChanges());
        json.writeNumberField("scans", s.scans());
        json.writeArrayFieldStart("scansUp");
        for (Service service : Service.values()) {
            json.writeNumber(s.scansUp(service));
        }
        json.writeEndArray();
        number("first", s.first());
        number("last", s.last());
        json.writeEndObject();
    }

    private void ping(HostSeries host) throws IOException {
        List<PingBucket> buckets = List.copyOf(host.pingBuckets().values());
        json.writeObjectFieldStart("ping");
        column("t", buckets, b -> Math.rint(b.time()));
        json.writeArrayFieldStart("n");
        for (PingBucket b : buckets) {
            json.writeNumber(b.bursts);
        }
        json.writeEndArray();
        column("min", buckets, b -> b.answered == 0 ? Double.NaN : b.min);
        column("med", buckets, PingBucket::median);
        column("max", buckets, b -> b.answered == 0 ? Double.NaN : b.max);
        column("avg", buckets, PingBucket::mean);
        column("loss", buckets, PingBucket::loss);
        column("std", buckets, b -> b.std);
        if (buckets.stream().anyMatch(b -> b.smoke.length > 0)) { // quantiles=1 records: real smoke, s0 (min) .. s6 (max)
            for (int level = 0; level < RttQuantiles.COUNT; level++) {
                int at = level;
                column("s" + level, buckets, b -> b.smoke.length == 0 ? Double.NaN : b.smoke[at]);
            }
        }
        json.writeEndObject();
    }

    private void scan(HostSeries host) throws IOException {
        List<ScanBucket> buckets = List.copyOf(host.scanBuckets().values());
        Map<String, Integer> detailIds = new HashMap<>();
        List<String> details = new ArrayList<>();
        json.writeObjectFieldStart("scan");
        column("t", buckets, b -> Math.rint(b.time()));
        for (Service service : Service.values()) {
            json.writeObjectFieldStart(service.field);
            column("up", buckets, b -> b.stats(service).up);
            column("total", buckets, b -> b.stats(service).total);
            column("rtt", buckets, b -> b.stats(service).meanRtt());
            json.writeArrayFieldStart("detail");
            for (ScanBucket b : buckets) {
                String detail = b.stats(service).detail;
                if (detail == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(detailIds.computeIfAbsent(detail, d -> {
                        details.add(d);
                        return details.size() - 1;
                    }));
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeArrayFieldStart("details");
        for (String detail : details) {
            json.writeString(detail);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void routes(RouteHistory history) throws IOException {
        json.writeArrayFieldStart("routes");
        for (RouteHistory.Route route : history.routes()) {
            json.writeStartArray();
            for (LogRecord.Trace.Step step : route.steps()) {
                json.writeStartArray();
                json.writeString(step.address() == null ? "*" : step.address());
                if (step.address() != null) {
                    writeRounded(step.rttMillis());
                }
                json.writeEndArray();
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeNumberField("firstRoute", history.firstRoute());
        List<RouteHistory.Change> changes = history.changes();
        List<RouteHistory.Change> shown = changes.subList(0, Math.min(changes.size(), MAX_CHANGES_PER_HOST));
        json.writeObjectFieldStart("changes");
        column("t", shown, c -> Math.rint(c.time()));
        column("from", shown, RouteHistory.Change::from);
        column("to", shown, RouteHistory.Change::to);
        json.writeEndObject();
        json.writeNumberField("changesOmitted", changes.size() - shown.size());
    }

    private interface Value<T> {
        double of(T item);
    }

    private <T> void column(String name, List<T> items, Value<T> value) throws IOException {
        json.writeArrayFieldStart(name);
        for (T item : items) {
            writeRounded(value.of(item));
        }
        json.writeEndArray();
    }

    private void number(String name, double value) throws IOException {
        json.writeFieldName(name);
        writeRounded(value);
    }

    /** Microsecond precision for RTTs, as the plaintext records have; whole numbers without a fraction. */
    private void writeRounded(double value) throws IOException {
        if (!Double.isFinite(value)) {
            json.writeNull();
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(Math.rint(value * 1000) / 1000);
        }
    }

    /** Escapes {@code <}, {@code >} and {@code &} so that no string can close the script element. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        HtmlSafeEscapes() {
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
