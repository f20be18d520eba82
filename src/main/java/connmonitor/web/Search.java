package connmonitor.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the overview's search box asks for, parsed once per request: blank-separated terms that must all
 * match, case ignored. {@code NAME=VALUE} is a label filter (the host's label NAME is VALUE, as
 * {@code label.NAME=VALUE} in the config); any other term is a part of the host's name, address or one of its
 * label values. {@code site=fra1 web} is the hosts of site fra1 with "web" in their name, say.
 */
record Search(List<String> parts, List<Map.Entry<String, String>> labels) {

    static final Search ALL = new Search(List.of(), List.of());

    static Search parse(String text) {
        List<String> parts = new ArrayList<>();
        List<Map.Entry<String, String>> labels = new ArrayList<>();
        for (String term : text.strip().toLowerCase(Locale.ROOT).split("\\s+")) {
            int equals = term.indexOf('=');
            if (equals > 0) {
                labels.add(Map.entry(term.substring(0, equals), term.substring(equals + 1)));
            } else if (!term.isEmpty()) {
                parts.add(term);
            }
        }
        return parts.isEmpty() && labels.isEmpty() ? ALL : new Search(List.copyOf(parts), List.copyOf(labels));
    }

    boolean all() {
        return parts.isEmpty() && labels.isEmpty();
    }

    /**
     * @param text   the host's name, address and label values, lower case (see {@link HostHistory#searchText})
     * @param lowerLabels the host's labels, names and values in lower case
     */
    boolean matches(String text, Map<String, String> lowerLabels) {
        for (String part : parts) {
            if (!text.contains(part)) {
                return false;
            }
        }
        for (Map.Entry<String, String> label : labels) {
            if (!label.getValue().equals(lowerLabels.get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
