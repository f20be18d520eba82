package connmonitor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a JSON record log in the two forms the report must read: 5.0.0's (Jackson's shortest doubles,
 * exponents allowed, no spaces) and 4.1.3's (printf {@code %f}, a space inside trace steps). Every number is
 * first rounded to six decimals, so both forms hold exactly the same values.
 */
final class LogForms {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogForms() {
    }

    static void write(Path source, Path as5_0_0, Path as4_1_3) throws IOException {
        List<String> shortest = new ArrayList<>();
        List<String> printf = new ArrayList<>();
        for (String line : Files.readAllLines(source)) {
            JsonNode record = rounded(JSON.readTree(line));
            shortest.add(JSON.writeValueAsString(record));
            StringBuilder out = new StringBuilder();
            printf(record, false, out);
            printf.add(out.toString());
        }
        Files.write(as5_0_0, shortest);
        Files.write(as4_1_3, printf);
    }

    private static double six(double value) {
        return new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static JsonNode rounded(JsonNode node) {
        if (node.isNumber()) {
            return DoubleNode.valueOf(six(node.asDouble()));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), rounded(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(rounded(item)));
            return copy;
        }
        return node;
    }

    /** 4.1.3's layout; a trace step is an array whose first item is a string. */
    private static void printf(JsonNode node, boolean traceStep, StringBuilder out) throws IOException {
        if (node.isNumber()) {
            out.append(new BigDecimal(node.asDouble()).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        } else if (node.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(JSON.writeValueAsString(field.getKey())).append(':');
                printf(field.getValue(), false, out);
                if (fields.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            boolean step = node.size() > 0 && node.get(0).isTextual();
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(step ? ", " : ",");
                }
                printf(node.get(i), step, out);
            }
            out.append(']');
        } else {
            out.append(JSON.writeValueAsString(node));
        }
    }
}
