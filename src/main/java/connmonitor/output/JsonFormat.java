package connmonitor.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import connmonitor.config.Addresses;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * connmonitor 4.x JSON: one object per line, {@code addr}, {@code name}, {@code timestamp} (ms since the
 * epoch, when on), then the measurement. Numbers are not rounded; strings are escaped by Jackson.
 */
public final class JsonFormat implements RecordFormat {

    static final JsonFormat INSTANCE = new JsonFormat();
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonFormat() {
    }

    @Override
    public String format(Observation observation) {
        StringWriter text = new StringWriter(160);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("addr", observation.target().addressText());
            json.writeStringField("name", observation.target().name());
            if (observation.target().options().timestamp()) {
                json.writeFieldName("timestamp");
                json.writeNumber(epochMillis(observation.epochMicros()));
            }
            switch (observation.measurement()) {
                case PingResult ping -> ping(ping, json);
                case TraceResult trace -> trace(trace, json);
                case ScanResult scan -> scan(scan, json);
            }
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // a StringWriter does not fail
        }
        return text.append('\n').toString();
    }

    /** Milliseconds with the microseconds as three exact decimals, e.g. 1764075599123.456. */
    static String epochMillis(long epochMicros) {
        long millis = Math.floorDiv(epochMicros, 1000L);
        long micros = Math.floorMod(epochMicros, 1000L);
        return millis + "." + (micros < 10 ? "00" : micros < 100 ? "0" : "") + micros;
    }

    private static void ping(PingResult ping, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("ping");
        json.writeNumberField("min", ping.min());
        json.writeNumberField("avg", ping.avg());
        json.writeNumberField("max", ping.max());
        json.writeNumberField("std", ping.std());
        json.writeNumberField("loss", ping.loss());
        json.writeEndObject();
    }

    private static void trace(TraceResult trace, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("trace");
        for (TraceResult.Step step : trace.steps()) {
            json.writeStartArray();
            if (step.answered()) {
                json.writeString(Addresses.format(step.address()));
                json.writeNumber(step.rttMillis());
            } else {
                json.writeString("*");
            }
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private static void scan(ScanResult scan, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("scan");
        http("http", scan.http(), json);
        http("https", scan.https(), json);
        json.writeFieldName("mysql");
        if (scan.mysql().isPresent()) {
            ScanResult.Mysql mysql = scan.mysql().get();
            json.writeStartObject();
            json.writeNumberField("rtt", mysql.rttMillis());
            json.writeStringField("version", mysql.version());
            if (mysql.error().isPresent()) {
                json.writeStringField("error", mysql.error().get());
            }
            json.writeEndObject();
        } else {
            json.writeString("None");
        }
        json.writeEndObject();
    }

    private static void http(String field, Optional<ScanResult.Http> http, JsonGenerator json) throws IOException {
        json.writeFieldName(field);
        if (http.isEmpty()) {
            json.writeString("None");
            return;
        }
        json.writeStartObject();
        json.writeNumberField("rtt", http.get().rttMillis());
        json.writeStringField("response code", http.get().statusCode());
        json.writeStringField("server", http.get().server());
        if (http.get().certificate() != ScanResult.Certificate.NONE) {
            json.writeBooleanField("certificate verified", http.get().certificate() == ScanResult.Certificate.VERIFIED);
        }
        json.writeEndObject();
    }
}
