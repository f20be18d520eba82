package connmonitor.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import connmonitor.probe.PathResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON the page reads. Text from the network (Server headers, MySQL versions) and from the config
 * (names) is only ever a JSON string here, escaped by Jackson; the page puts it into the DOM as text.
 * Unknown numbers (no reply yet) are null. Times are ms since the Unix epoch.
 */
final class ApiJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Also {@code < > & '} as \\u escapes: the API is never read as HTML, but a sniffing client would find no tag. */
    private static final CharacterEscapes HTML_SAFE = new CharacterEscapes() {
        private final int[] table = standardAsciiEscapesForJSON();

        {
            for (char c : "<>&'".toCharArray()) {
                table[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    };

    private ApiJson() {
    }

    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.setCharacterEscapes(HTML_SAFE);
            body.write(json);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // into memory: cannot fail
        }
        return out.toByteArray();
    }

    static byte[] overview(HistoryStore.Overview overview, long version, long nowMillis, String vantage,
                           Map<String, List<String>> labelValues) {
        return bytes(json -> {
            json.writeStartObject();
            json.writeNumberField("now", nowMillis);
            json.writeNumberField("version", version);
            if (vantage == null) {
                json.writeNullField("vantage");
            } else {
                json.writeStringField("vantage", vantage);
            }
            json.writeObjectFieldStart("labels"); // every label name with its values, for the filters
            for (Map.Entry<String, List<String>> label : labelValues.entrySet()) {
                strings(json, label.getKey(), label.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("total", overview.total());
            json.writeNumberField("matched", overview.matched());
            json.writeNumberField("offset", overview.offset());
            json.writeArrayFieldStart("hosts");
            for (HostRow row : overview.rows()) {
                json.writeStartObject();
                row(json, row);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static byte[] host(HostDetail detail, long version, long nowMillis, long fromMillis) {
        return bytes(json -> {
            json.writeStartObject();
            json.writeNumberField("now", nowMillis);
            json.writeNumberField("version", version);
            json.writeNumberField("from", fromMillis);
            row(json, detail.row());
            json.writeNumberField("bucketMs", detail.bucketMillis());
            json.writeArrayFieldStart("levels");
            for (double level : Smoke.LEVELS) {
                json.writeNumber(level);
            }
            json.writeEndArray();
            List<HostDetail.Bucket> buckets = detail.buckets();
            json.writeArrayFieldStart("t");
            for (HostDetail.Bucket bucket : buckets) {
                json.writeNumber(bucket.startMillis());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("lossPct");
            for (HostDetail.Bucket bucket : buckets) {
                json.writeNumber(round(bucket.loss()));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("sent");
            for (HostDetail.Bucket bucket : buckets) {
                json.writeNumber(bucket.sent());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("smoke"); // one array per level, a value (or null: no reply) per bucket
            for (int level = 0; level < Smoke.COUNT; level++) {
                json.writeStartArray();
                for (HostDetail.Bucket bucket : buckets) {
                    number(json, bucket.smoke().empty() ? Double.NaN : bucket.smoke().rtts()[level]);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            trace(json, detail.trace(), detail.traceMillis());
            json.writeArrayFieldStart("routeChanges");
            for (RouteChange change : detail.routeChanges()) {
                json.writeStartObject();
                json.writeNumberField("time", change.epochMillis());
                strings(json, "before", change.before());
                strings(json, "after", change.after());
                json.writeEndObject();
            }
            json.writeEndArray();
            scan(json, detail.scan(), detail.scanMillis());
            path(json, detail.path(), detail.pathMillis());
            json.writeEndObject();
        });
    }

    private static void row(JsonGenerator json, HostRow row) throws IOException {
        json.writeNumberField("id", row.id());
        json.writeStringField("name", row.name());
        json.writeStringField("addr", row.address());
        json.writeFieldName("loss");
        number(json, row.lossNow());
        json.writeFieldName("rtt");
        number(json, row.rttNow());
        json.writeFieldName("usual");
        number(json, row.usual());
        json.writeNumberField("last", row.lastMillis());
        json.writeNumberField("routeChanges", row.routeChanges());
        json.writeNumberField("scanUp", row.scanUp());
        json.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> label : row.labels().entrySet()) {
            json.writeStringField(label.getKey(), label.getValue());
        }
        json.writeEndObject();
    }

    private static void trace(JsonGenerator json, TraceResult trace, long millis) throws IOException {
        json.writeFieldName("trace");
        if (trace == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("time", millis);
        json.writeArrayFieldStart("steps");
        for (TraceResult.Step step : trace.steps()) {
            json.writeStartArray();
            if (step.answered()) {
                json.writeString(connmonitor.config.Addresses.format(step.address()));
                number(json, step.rttMillis() < 0 ? Double.NaN : step.rttMillis());
            } else {
                json.writeString("*");
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void path(JsonGenerator json, PathResult path, long millis) throws IOException {
        json.writeFieldName("path");
        if (path == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("time", millis);
        json.writeNumberField("rounds", path.rounds());
        json.writeArrayFieldStart("hops");
        for (PathResult.Hop hop : path.hops()) {
            json.writeStartObject();
            json.writeNumberField("hop", hop.hop());
            if (hop.address() == null) {
                json.writeNullField("addr");
            } else {
                json.writeStringField("addr", connmonitor.config.Addresses.format(hop.address()));
            }
            json.writeNumberField("sent", hop.sent());
            json.writeFieldName("loss");
            number(json, hop.loss());
            for (String field : new String[] {"last", "avg", "best", "worst", "jitter"}) {
                json.writeFieldName(field);
                number(json, switch (field) {
                    case "last" -> hop.last();
                    case "avg" -> hop.avg();
                    case "best" -> hop.best();
                    case "worst" -> hop.worst();
                    default -> hop.jitter();
                });
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void scan(JsonGenerator json, ScanResult scan, long millis) throws IOException {
        json.writeFieldName("scan");
        if (scan == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("time", millis);
        http(json, "http", scan.http());
        http(json, "https", scan.https());
        json.writeFieldName("mysql");
        if (scan.mysql().isEmpty()) {
            json.writeNull();
        } else {
            ScanResult.Mysql mysql = scan.mysql().get();
            json.writeStartObject();
            json.writeFieldName("rtt");
            number(json, mysql.rttMillis());
            json.writeStringField("version", mysql.version());
            if (mysql.error().isPresent()) {
                json.writeStringField("error", mysql.error().get());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void http(JsonGenerator json, String name, Optional<ScanResult.Http> http) throws IOException {
        json.writeFieldName(name);
        if (http.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName("rtt");
        number(json, http.get().rttMillis());
        json.writeStringField("code", http.get().statusCode());
        json.writeStringField("server", http.get().server());
        if (http.get().certificate() != ScanResult.Certificate.NONE) {
            json.writeBooleanField("verified", http.get().certificate() == ScanResult.Certificate.VERIFIED);
        }
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static void number(JsonGenerator json, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.writeNull();
        } else {
            json.writeNumber(round(value));
        }
    }

    /** Microsecond precision is plenty for a page, and keeps the JSON short. */
    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
