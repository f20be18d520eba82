package connmonitor.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parses a JSON record line the way a log pipeline would, failing the test on invalid JSON. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception invalid) {
            throw new AssertionError("not valid JSON: " + line, invalid);
        }
    }
}
