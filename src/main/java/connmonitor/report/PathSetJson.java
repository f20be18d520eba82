package connmonitor.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * A host's path sets as the page reads them, in {@link ReportJson}'s style (columns, times in ms):
 * <pre>{@code
 * "pathSets": {"sets": [[["10.0.1.2","10.0.2.2","10.0.6.2"], ...], ...],      distinct sets, by first seen
 *              "periods": {"from": [...], "to": [...], "set": [...], "flows": [...], "probes": [...]},
 *              "records": 3, "periodsOmitted": 0}
 * }</pre>
 * or {@code null} when the host has no path-set records. Hop addresses are written as the records had them:
 * text the page puts in as text.
 */
final class PathSetJson {

    /** Periods drawn per host at most (the latest ones); a set that changes on every run would not fit else. */
    static final int MAX_PERIODS_PER_HOST = 2000;

    private PathSetJson() {
    }

    static void write(JsonGenerator json, PathSetHistory history, double lastSeen) throws IOException {
        if (history.records() == 0) {
            json.writeNullField("pathSets");
            return;
        }
        json.writeObjectFieldStart("pathSets");
        json.writeArrayFieldStart("sets");
        for (PathSetHistory.PathSet set : history.sets()) {
            json.writeStartArray();
            for (List<String> path : set.paths()) {
                json.writeStartArray();
                for (String hop : path) {
                    json.writeString(hop);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        List<PathSetHistory.Period> all = history.periods(lastSeen);
        List<PathSetHistory.Period> shown = all.subList(Math.max(0, all.size() - MAX_PERIODS_PER_HOST), all.size());
        json.writeObjectFieldStart("periods");
        column(json, "from", shown, p -> Math.rint(p.from()));
        column(json, "to", shown, p -> Math.rint(p.to()));
        column(json, "set", shown, PathSetHistory.Period::set);
        column(json, "flows", shown, PathSetHistory.Period::flows);
        column(json, "probes", shown, PathSetHistory.Period::probes);
        json.writeEndObject();
        json.writeNumberField("records", history.records());
        json.writeNumberField("periodsOmitted", all.size() - shown.size());
        json.writeEndObject();
    }

    private interface Value {
        double of(PathSetHistory.Period period);
    }

    private static void column(JsonGenerator json, String name, List<PathSetHistory.Period> periods, Value value)
            throws IOException {
        json.writeArrayFieldStart(name);
        for (PathSetHistory.Period period : periods) {
            json.writeNumber((long) value.of(period));
        }
        json.writeEndArray();
    }
}
