package connmonitor.http;

import connmonitor.http.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Typed reads from a parsed YAML mapping, each failure a one-line reason naming the key's path. */
final class Sections {

    private Sections() {
    }

    /** The mapping at {@code path}; an empty one for a missing or empty ({@code key:}) value; any key when known is null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(Object value, String path, Set<String> known) {
        if (value == null || value instanceof Scalar scalar && scalar.isNull()) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException((path.isEmpty() ? "the file" : path) + " must be a mapping of keys to values");
        }
        for (Object key : map.keySet()) {
            if (known != null && !known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + (path.isEmpty() ? "" : path + ".") + key
                        + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return (Map<String, Object>) map;
    }

    /** The string at {@code key}; empty when missing or empty. */
    static Optional<String> string(Map<String, Object> section, String key, String path) {
        Object value = section.get(key);
        if (value == null || value instanceof Scalar scalar && scalar.isNull()) {
            return Optional.empty();
        }
        if (!(value instanceof Scalar scalar)) {
            throw new IllegalArgumentException(path + "." + key + " must be a single value");
        }
        return scalar.text().isEmpty() ? Optional.empty() : Optional.of(scalar.text());
    }

    static boolean bool(Map<String, Object> section, String key, String path, boolean otherwise) {
        Object value = section.get(key);
        if (value == null || value instanceof Scalar scalar && scalar.isNull()) {
            return otherwise;
        }
        if (!(value instanceof Scalar scalar) || !scalar.isBoolean()) {
            throw new IllegalArgumentException(path + "." + key + " must be true or false");
        }
        return Boolean.parseBoolean(scalar.text());
    }

    /** The list of strings at {@code key}; empty when missing. */
    static List<String> strings(Map<String, Object> section, String key, String path) {
        Object value = section.get(key);
        if (value == null || value instanceof Scalar scalar && scalar.isNull()) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(path + "." + key + " must be a list");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Scalar scalar) || scalar.isNull()) {
                throw new IllegalArgumentException(path + "." + key + " must be a list of single values");
            }
            strings.add(scalar.text());
        }
        return strings;
    }
}
