package connmonitor.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import connmonitor.report.LogRecord.Scan.Service;
import connmonitor.report.LogRecord.Trace.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one line of a record log into a {@link LogRecord} with Jackson's streaming parser, or says why it
 * cannot. Unknown fields are skipped, so records of newer versions still read. One parser per line, so a
 * broken line costs only itself.
 */
final class RecordParser {

    /** 2000-01-01: anything earlier is not a connmonitor timestamp (seconds instead of ms, or garbage). */
    private static final double EARLIEST_MS = 946_684_800_000.0;
    private static final double YEAR_MS = 366 * 86_400_000.0;

    private final JsonFactory factory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json writes NaN as a bare word
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // most of a log is decimal numbers
            .build();
    private final double latestMs;

    RecordParser(long nowMillis) {
        this.latestMs = nowMillis + YEAR_MS;
    }

    ParsedLine parse(byte[] line, int offset, int length) {
        int first = offset;
        int end = offset + length;
        while (first < end && isBlank(line[first])) {
            first++;
        }
        if (first == end || line[first] != '{') {
            return ParsedLine.Skip.PLAINTEXT;
        }
        try (JsonParser json = factory.createParser(line, first, end - first)) {
            return record(json);
        } catch (IOException | RuntimeException broken) {
            // Jackson reports truncation and bad syntax as exceptions; a line is all it can take down
            return ParsedLine.Skip.MALFORMED;
        }
    }

    private ParsedLine record(JsonParser json) throws IOException {
        json.nextToken();
        String name = null;
        String addr = null;
        double timestamp = Double.NaN;
        boolean hasTimestamp = false;
        Object body = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "name" -> name = text(json, value);
                case "addr" -> addr = text(json, value);
                case "timestamp" -> {
                    timestamp = number(json, value);
                    hasTimestamp = true;
                }
                case "ping" -> body = ping(json, value);
                case "trace" -> body = trace(json, value);
                case "scan" -> body = scan(json, value);
                default -> json.skipChildren();
            }
        }
        if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
            return ParsedLine.Skip.MALFORMED;
        }
        if (body == null || (name == null && addr == null)) {
            return ParsedLine.Skip.NOT_A_RECORD;
        }
        if (!hasTimestamp) {
            return ParsedLine.Skip.NO_TIMESTAMP;
        }
        if (!(timestamp >= EARLIEST_MS && timestamp <= latestMs)) {
            return ParsedLine.Skip.BAD_TIMESTAMP;
        }
        String host = name != null ? name : addr;
        String address = addr != null ? addr : name;
        return switch (body) {
            case double[] p -> new LogRecord.Ping(host, address, timestamp, p[0], p[1], p[2], p[3], p[4]);
            case TraceSteps t -> new LogRecord.Trace(host, address, timestamp, t.steps());
            case Service[] s -> new LogRecord.Scan(host, address, timestamp, s[0], s[1], s[2]);
            default -> throw new IllegalStateException("unexpected body " + body);
        };
    }

    /** min, avg, max, std, loss; any missing or out of range makes the line malformed. */
    private static double[] ping(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        double[] values = {Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN};
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            int slot = switch (field) {
                case "min" -> 0;
                case "avg" -> 1;
                case "max" -> 2;
                case "std" -> 3;
                case "loss" -> 4;
                default -> -1;
            };
            if (slot < 0) {
                json.skipChildren();
            } else {
                values[slot] = number(json, value);
            }
        }
        double loss = values[4];
        if (!(loss >= 0 && loss <= 100) || (loss < 100 && !(values[0] >= 0 && values[1] >= 0 && values[2] >= 0))) {
            throw new IllegalArgumentException("ping values out of range");
        }
        return values;
    }

    private record TraceSteps(List<Step> steps) {
    }

    private static TraceSteps trace(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<Step> steps = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_ARRAY) {
            String address = text(json, json.nextToken());
            if (address.equals("*")) {
                steps.add(new Step(null, Double.NaN));
                expect(json.nextToken(), JsonToken.END_ARRAY);
            } else {
                steps.add(new Step(address, number(json, json.nextToken())));
                expect(json.nextToken(), JsonToken.END_ARRAY);
            }
        }
        expect(json.currentToken(), JsonToken.END_ARRAY);
        return new TraceSteps(List.copyOf(steps));
    }

    private static Service[] scan(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        Service[] services = new Service[3];
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "http" -> services[0] = service(json, value, false);
                case "https" -> services[1] = service(json, value, false);
                case "mysql" -> services[2] = service(json, value, true);
                default -> json.skipChildren();
            }
        }
        return services;
    }

    /** "None" (or null) for an absent service, else its RTT and what it said about itself. */
    private static Service service(JsonParser json, JsonToken start, boolean mysql) throws IOException {
        if (start == JsonToken.VALUE_STRING || start == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(start, JsonToken.START_OBJECT);
        double rtt = Double.NaN;
        String code = null;
        String server = null;
        String version = null;
        String error = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "rtt" -> rtt = number(json, value);
                case "response code" -> code = scalarText(json, value);
                case "server" -> server = scalarText(json, value);
                case "version" -> version = scalarText(json, value);
                case "error" -> error = scalarText(json, value);
                default -> json.skipChildren();
            }
        }
        String detail = mysql
                ? (error != null ? "error: " + error : String.valueOf(version))
                : code + " " + server;
        return new Service(rtt, detail);
    }

    private static String text(JsonParser json, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_STRING);
        return json.getText();
    }

    /** A string or a number as text (a status code may come as either). */
    private static String scalarText(JsonParser json, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return "null";
        }
        if (!token.isScalarValue()) {
            throw new IllegalArgumentException("expected a value, got " + token);
        }
        return json.getText();
    }

    private static double number(JsonParser json, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("expected a number, got " + token);
        }
        return json.getDoubleValue();
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + ", got " + actual);
        }
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
