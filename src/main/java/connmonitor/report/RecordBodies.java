package connmonitor.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import connmonitor.output.RecordFields;
import connmonitor.probe.RttQuantiles;
import connmonitor.report.LogRecord.Scan.Answer;
import connmonitor.report.LogRecord.Trace.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * The measurement part of a record ({@code ping}, {@code trace}, {@code scan}, {@code path}) read with Jackson's
 * streaming parser into typed bodies; anything out of range throws, which makes the line malformed.
 * {@link RecordParser} reads the rest of the line.
 */
final class RecordBodies {

    private RecordBodies() {
    }

    /** The measurement of a record, read before its header fields may be (JSON keys come in any order). */
    sealed interface Body {
        LogRecord record(String host, String address, double timestamp, LogRecord.Origin origin);
    }

    private record PingBody(double min, double avg, double max, double std, double loss, double[] quantiles)
            implements Body {
        @Override
        public LogRecord record(String host, String address, double timestamp, LogRecord.Origin origin) {
            return new LogRecord.Ping(host, address, timestamp, min, avg, max, std, loss, quantiles, origin);
        }
    }

    private record TraceBody(List<Step> steps) implements Body {
        @Override
        public LogRecord record(String host, String address, double timestamp, LogRecord.Origin origin) {
            return new LogRecord.Trace(host, address, timestamp, steps, origin);
        }
    }

    private record PathBody(List<LogRecord.Path.Hop> hops) implements Body {
        @Override
        public LogRecord record(String host, String address, double timestamp, LogRecord.Origin origin) {
            return new LogRecord.Path(host, address, timestamp, hops, origin);
        }
    }

    /** The paths of a path-set record; its flows and probes are header fields, read by {@link RecordParser}. */
    record PathSetBody(List<List<String>> paths, int flows, int probes) implements Body {
        /** The run's effort from the header fields; NaN (the record does not say) stays -1. */
        PathSetBody withEffort(double flowCount, double probeCount) {
            return new PathSetBody(paths, count(flowCount), count(probeCount));
        }

        private static int count(double value) {
            return Double.isNaN(value) ? -1 : (int) Math.min(value, Integer.MAX_VALUE);
        }

        @Override
        public LogRecord record(String host, String address, double timestamp, LogRecord.Origin origin) {
            return new LogRecord.PathSet(host, address, timestamp, paths, flows, probes, origin);
        }
    }

    private record ScanBody(EnumMap<Service, Answer> answers) implements Body {
        @Override
        public LogRecord record(String host, String address, double timestamp, LogRecord.Origin origin) {
            return new LogRecord.Scan(host, address, timestamp,
                    answers.get(Service.HTTP), answers.get(Service.HTTPS), answers.get(Service.MYSQL), origin);
        }
    }

    /** min, avg, max, std, loss; any missing or out of range makes the line malformed. */
    static Body ping(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        double min = Double.NaN;
        double avg = Double.NaN;
        double max = Double.NaN;
        double std = 0;
        double loss = Double.NaN;
        double[] quantiles = new double[0];
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case RecordFields.QUANTILES -> quantiles = quantiles(json, value);
                case RecordFields.MIN -> min = number(json, value);
                case RecordFields.AVG -> avg = number(json, value);
                case RecordFields.MAX -> max = number(json, value);
                case RecordFields.STD -> std = number(json, value);
                case RecordFields.LOSS -> loss = number(json, value);
                default -> json.skipChildren();
            }
        }
        if (!(loss >= 0 && loss <= 100) || (loss < 100 && !(min >= 0 && avg >= 0 && max >= 0))) {
            throw new IllegalArgumentException("ping values out of range");
        }
        return new PingBody(min, avg, max, std, loss, loss < 100 ? quantiles : new double[0]);
    }

    /** quantiles=1's array: seven RTTs, ascending and not negative; anything else counts as absent. */
    private static double[] quantiles(JsonParser json, JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            json.skipChildren();
            return new double[0];
        }
        double[] q = new double[RttQuantiles.COUNT];
        int count = 0;
        boolean valid = true;
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            if (count < q.length && (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT)) {
                q[count] = json.getDoubleValue();
                valid &= q[count] >= 0 && (count == 0 || q[count] >= q[count - 1]);
            } else {
                valid = false;
                json.skipChildren();
            }
            count++;
        }
        return valid && count == q.length ? q : new double[0];
    }

    static Body trace(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<Step> steps = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_ARRAY) {
            String address = text(json, json.nextToken());
            if (address.equals(RecordFields.NO_ANSWER)) {
                steps.add(new Step(null, Double.NaN));
                expect(json.nextToken(), JsonToken.END_ARRAY);
            } else {
                steps.add(new Step(address, number(json, json.nextToken())));
                expect(json.nextToken(), JsonToken.END_ARRAY);
            }
        }
        expect(json.currentToken(), JsonToken.END_ARRAY);
        return new TraceBody(List.copyOf(steps));
    }

    static Body path(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<LogRecord.Path.Hop> hops = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            hops.add(hop(json));
        }
        expect(json.currentToken(), JsonToken.END_ARRAY);
        return new PathBody(List.copyOf(hops));
    }

    /** More paths or hops than any real run finds makes the line malformed rather than the page huge. */
    static final int MAX_PATHS = 1024;
    static final int MAX_HOPS = 255;

    /** {@code [["a","b"],["a","*","c"]]}: every path an array of hop addresses (text, kept as it is). */
    static Body paths(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<List<String>> paths = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_ARRAY) {
            List<String> hops = new ArrayList<>();
            JsonToken hop;
            while ((hop = json.nextToken()) != JsonToken.END_ARRAY) {
                hops.add(text(json, hop));
            }
            if (hops.isEmpty() || hops.size() > MAX_HOPS || paths.size() == MAX_PATHS) {
                throw new IllegalArgumentException("path set out of range");
            }
            paths.add(hops);
        }
        expect(json.currentToken(), JsonToken.END_ARRAY);
        return new PathSetBody(paths, -1, -1);
    }

    private static LogRecord.Path.Hop hop(JsonParser json) throws IOException {
        int hop = -1;
        String address = RecordFields.NO_ANSWER;
        double sent = Double.NaN;
        double[] rtts = {-1, -1, -1, -1, -1}; // last, avg, best, worst, jitter
        double loss = Double.NaN;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case RecordFields.HOP -> hop = (int) number(json, value);
                case RecordFields.ADDR -> address = text(json, value);
                case RecordFields.SENT -> sent = number(json, value);
                case RecordFields.LOSS -> loss = number(json, value);
                case RecordFields.LAST -> rtts[0] = number(json, value);
                case RecordFields.AVG -> rtts[1] = number(json, value);
                case RecordFields.BEST -> rtts[2] = number(json, value);
                case RecordFields.WORST -> rtts[3] = number(json, value);
                case RecordFields.JITTER -> rtts[4] = number(json, value);
                default -> json.skipChildren();
            }
        }
        if (hop < 1 || hop > 255 || !(sent >= 0) || !(loss >= 0 && loss <= 100)) {
            throw new IllegalArgumentException("path hop out of range");
        }
        return new LogRecord.Path.Hop(hop, address, (int) sent, loss, rtts[0], rtts[1], rtts[2], rtts[3], rtts[4]);
    }

    static Body scan(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        EnumMap<Service, Answer> answers = new EnumMap<>(Service.class);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case RecordFields.HTTP -> put(answers, Service.HTTP, service(json, value, false));
                case RecordFields.HTTPS -> put(answers, Service.HTTPS, service(json, value, false));
                case RecordFields.MYSQL -> put(answers, Service.MYSQL, service(json, value, true));
                default -> json.skipChildren();
            }
        }
        return new ScanBody(answers);
    }

    private static void put(EnumMap<Service, Answer> answers, Service service, Answer answer) {
        if (answer == null) {
            answers.remove(service);
        } else {
            answers.put(service, answer);
        }
    }

    /** "None" (or null) for an absent service, else its RTT and what it said about itself. */
    private static Answer service(JsonParser json, JsonToken start, boolean mysql) throws IOException {
        if (start == JsonToken.VALUE_STRING || start == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(start, JsonToken.START_OBJECT);
        double rtt = Double.NaN;
        String code = null;
        String server = null;
        String version = null;
        String error = null;
        Boolean verified = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case RecordFields.RTT -> rtt = number(json, value);
                case RecordFields.RESPONSE_CODE -> code = scalarText(json, value);
                case RecordFields.SERVER -> server = scalarText(json, value);
                case RecordFields.VERSION -> version = scalarText(json, value);
                case RecordFields.ERROR -> error = scalarText(json, value);
                case RecordFields.CERTIFICATE_VERIFIED -> {
                    verified = value == JsonToken.VALUE_TRUE ? Boolean.TRUE : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    json.skipChildren();
                }
                default -> json.skipChildren();
            }
        }
        String detail = mysql
                ? (error != null ? "error: " + error : String.valueOf(version))
                : code + " " + server;
        return mysql ? new Answer(rtt, detail, null, null, version, error, null)
                : new Answer(rtt, detail, code, server, null, null, verified);
    }

    static String text(JsonParser json, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_STRING);
        return json.getText();
    }

    /** A string or a number as text (a status code may come as either). */
    static String scalarText(JsonParser json, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return "null";
        }
        if (!token.isScalarValue()) {
            throw new IllegalArgumentException("expected a value, got " + token);
        }
        return json.getText();
    }

    static double number(JsonParser json, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("expected a number, got " + token);
        }
        return json.getDoubleValue();
    }

    static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + ", got " + actual);
        }
    }
}
