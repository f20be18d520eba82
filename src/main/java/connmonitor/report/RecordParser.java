package connmonitor.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import connmonitor.output.RecordFields;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

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
        RecordBodies.Body body = null;
        String vantage = "";
        Map<String, String> labels = Map.of();
        double flows = Double.NaN;
        double probes = Double.NaN;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case RecordFields.NAME -> name = RecordBodies.text(json, value);
                case RecordFields.ADDR -> addr = RecordBodies.text(json, value);
                case RecordFields.TIMESTAMP -> {
                    timestamp = RecordBodies.number(json, value);
                    hasTimestamp = true;
                }
                case RecordFields.PING -> body = RecordBodies.ping(json, value);
                case RecordFields.TRACE -> body = RecordBodies.trace(json, value);
                case RecordFields.SCAN -> body = RecordBodies.scan(json, value);
                case RecordFields.PATH -> body = RecordBodies.path(json, value);
                case RecordFields.PATHS -> body = RecordBodies.paths(json, value);
                case RecordFields.FLOWS -> flows = RecordBodies.number(json, value);
                case RecordFields.PROBES -> probes = RecordBodies.number(json, value);
                case RecordFields.VANTAGE -> vantage = RecordBodies.text(json, value);
                case RecordFields.LABELS -> labels = labels(json, value);
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
        if (body instanceof RecordBodies.PathSetBody set) {
            if (flows < 0 || probes < 0) { // NaN (absent) passes: older or other writers may leave them out
                return ParsedLine.Skip.MALFORMED;
            }
            body = set.withEffort(flows, probes);
        }
        String host = name != null ? name : addr;
        String address = addr != null ? addr : name;
        LogRecord.Origin origin = vantage.isEmpty() && labels.isEmpty() ? LogRecord.Origin.NONE
                : new LogRecord.Origin(vantage, labels);
        return body.record(host, address, timestamp, origin);
    }

    /** The host's labels: an object of strings. */
    private static Map<String, String> labels(JsonParser json, JsonToken start) throws IOException {
        RecordBodies.expect(start, JsonToken.START_OBJECT);
        Map<String, String> labels = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            labels.put(name, RecordBodies.text(json, json.nextToken()));
        }
        return labels;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
