package connmonitor.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small YAML document as plain values: {@code Map<String, Object>} for mappings (in file order),
 * {@code List<Object>} for sequences, {@link Scalar} for the rest. Read with Jackson's streaming YAML
 * parser, so no object binding (and no type a document could name) is involved.
 */
final class YamlTree {

    /** A scalar as written, and whether YAML typed it as a boolean or left it empty ({@code key:}). */
    record Scalar(String text, JsonToken token) {

        /** {@code key:}, {@code key: ~} or {@code key: ""}: nothing given. */
        boolean isNull() {
            return token == JsonToken.VALUE_NULL || text.isEmpty();
        }

        boolean isBoolean() {
            return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
        }
    }

    /** A web config is a few kilobytes; a larger one (an alias bomb, the wrong file) is refused. */
    static final int MAX_BYTES = 1 << 20;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private YamlTree() {
    }

    /**
     * Parses the whole text as one document.
     *
     * @throws IllegalArgumentException with a one-line reason (where in the text, what is wrong)
     */
    static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Map.of(); // an empty file: nothing configured
            }
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one YAML document");
            }
            return value;
        } catch (IOException | RuntimeException broken) { // Jackson's and SnakeYAML's parse errors alike
            if (broken instanceof IllegalArgumentException reason && !(broken instanceof NumberFormatException)) {
                throw reason;
            }
            String where = broken instanceof JsonProcessingException located && located.getLocation() != null
                    ? " (line " + located.getLocation().getLineNr() + ")" : "";
            String what = broken instanceof JsonProcessingException located ? located.getOriginalMessage() : broken.getMessage();
            throw new IllegalArgumentException("not valid YAML" + where + ": " + firstLine(what), broken);
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String key = parser.currentName();
                    if (map.containsKey(key)) {
                        throw new IllegalArgumentException("'" + key + "' is given twice (line "
                                + parser.currentLocation().getLineNr() + ")");
                    }
                    map.put(key, value(parser, parser.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(value(parser, next));
                }
                yield list;
            }
            default -> new Scalar(token == JsonToken.VALUE_NULL ? "" : parser.getText(), token);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
