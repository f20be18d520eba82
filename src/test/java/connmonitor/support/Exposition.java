package connmonitor.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of a scrape, in the Prometheus text format 0.0.4 or in OpenMetrics 1.0 text: every
 * line must follow the grammar, metadata must come before the samples of its family, a family's samples
 * must be one group, no series may repeat, counters may not be negative and histogram buckets must be
 * cumulative up to {@code +Inf == _count}. The Prometheus Java client 1.x has no parser of its own,
 * so this stands in for {@code promtool check metrics}; any violation fails the test with its line.
 */
public final class Exposition {

    /** One sample line: metric name, labels (sorted by name) and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern METRIC_NAME = Pattern.compile(NAME);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{.*})? (\\S+)(?: (-?\\d+(?:\\.\\d+)?))?");
    private static final Pattern META = Pattern.compile("# (HELP|TYPE|UNIT) (" + NAME + ")(?: (.*))?");
    private static final Set<String> TEXT_TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Set<String> OPENMETRICS_TYPES =
            Set.of("counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown");

    private final boolean openMetrics;
    private final Map<String, String> types = new HashMap<>();
    private final Set<String> metadata = new HashSet<>();
    private final Set<String> closedFamilies = new HashSet<>();
    private final Set<String> seriesSeen = new HashSet<>();
    private final List<Sample> samples = new ArrayList<>();
    private String currentFamily;
    private int lineNumber;

    private Exposition(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Reads a scrape in the Prometheus text format 0.0.4. */
    public static Exposition parsePrometheusText(String text) {
        return new Exposition(false).read(text);
    }

    /** Scrapes a registry in the Prometheus text format, as a server would serve it, and reads it back. */
    public static Exposition scrape(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (java.io.IOException impossible) { // a ByteArrayOutputStream does not fail
            throw new java.io.UncheckedIOException(impossible);
        }
        return parsePrometheusText(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Reads a scrape in OpenMetrics 1.0 text: ends with {@code # EOF}, no blank lines. */
    public static Exposition parseOpenMetrics(String text) {
        return new Exposition(true).read(text);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Sample names present in the scrape, with their suffixes (_total, _bucket, ...). */
    public Set<String> names() {
        Set<String> names = new HashSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** Samples of this name whose labels include the given {@code name, value} pairs. */
    public List<Sample> find(String name, String... labelPairs) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet())).toList();
    }

    /** The value of the one sample of this name with these labels; fails when there is not exactly one. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labelPairs) + ", found " + found);
        }
        return found.getFirst().value();
    }

    private Exposition read(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a newline");
        }
        String[] lines = text.split("\n", -1);
        int end = lines.length - 1; // the empty string after the final newline
        if (openMetrics) {
            if (end < 1 || !lines[end - 1].equals("# EOF")) {
                throw new AssertionError("OpenMetrics exposition does not end with '# EOF'");
            }
            end--;
        }
        for (lineNumber = 1; lineNumber <= end; lineNumber++) {
            line(lines[lineNumber - 1]);
        }
        checkHistograms();
        return this;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (openMetrics) {
                fail("blank line (not allowed in OpenMetrics)", line);
            }
            return;
        }
        if (line.startsWith("#")) {
            comment(line);
        } else {
            sample(line);
        }
    }

    private void comment(String line) {
        Matcher meta = META.matcher(line);
        if (!meta.matches()) {
            if (openMetrics || line.startsWith("# HELP") || line.startsWith("# TYPE") || line.startsWith("# UNIT")) {
                fail("malformed metadata line", line);
            }
            return; // a plain comment, allowed in the text format
        }
        String kind = meta.group(1);
        String family = meta.group(2);
        String rest = meta.group(3) == null ? "" : meta.group(3);
        if (kind.equals("UNIT") && !openMetrics) {
            fail("# UNIT exists only in OpenMetrics", line);
        }
        if (!metadata.add(kind + " " + family)) {
            fail("second # " + kind + " for " + family, line);
        }
        if (closedFamilies.contains(family) || family.equals(currentFamily) && samplesOf(family)) {
            fail("metadata after samples of " + family, line);
        }
        switch (kind) {
            case "TYPE" -> {
                if (!(openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES).contains(rest)) {
                    fail("unknown type '" + rest + "'", line);
                }
                types.put(family, rest);
            }
            case "UNIT" -> {
                if (!rest.isEmpty() && !family.endsWith("_" + rest)) {
                    fail("the family name does not end with its unit", line);
                }
            }
            default -> unescape(rest, false, line);
        }
        enterFamily(family, line);
    }

    private boolean samplesOf(String family) {
        return samples.stream().anyMatch(sample -> familyOf(sample.name()).equals(family));
    }

    private void sample(String line) {
        Matcher matcher = SAMPLE.matcher(line);
        if (!matcher.matches()) {
            fail("malformed sample line", line);
        }
        String name = matcher.group(1);
        Map<String, String> labels = labels(matcher.group(2), line);
        String value = matcher.group(3);
        if (!FLOAT.matcher(value).matches()) {
            fail("malformed value '" + value + "'", line);
        }
        double number = value.endsWith("Inf") ? (value.startsWith("-") ? Double.NEGATIVE_INFINITY
                : Double.POSITIVE_INFINITY) : Double.parseDouble(value);
        String family = familyOf(name);
        String type = types.getOrDefault(family, openMetrics ? "unknown" : "untyped");
        if (openMetrics && !types.containsKey(family) && !name.equals(family)) {
            fail("sample of no declared family", line);
        }
        if (type.equals("counter") && !(number >= 0) && !Double.isNaN(number)) {
            fail("negative counter", line);
        }
        if (openMetrics && type.equals("counter") && !name.equals(family + "_total") && !name.equals(family + "_created")) {
            fail("an OpenMetrics counter sample must be <family>_total or _created", line);
        }
        enterFamily(family, line);
        if (!seriesSeen.add(name + labels)) {
            fail("the same series twice", line);
        }
        samples.add(new Sample(name, labels, number));
    }

    /** Samples of one family come as one group: a family whose group ended may not come back. */
    private void enterFamily(String family, String line) {
        if (family.equals(currentFamily)) {
            return;
        }
        if (closedFamilies.contains(family)) {
            fail("samples of " + family + " are not in one group", line);
        }
        if (currentFamily != null) {
            closedFamilies.add(currentFamily);
        }
        currentFamily = family;
    }

    /** The declared family a sample name belongs to, by the suffixes its type allows. */
    private String familyOf(String name) {
        if (types.containsKey(name) && !(openMetrics && types.get(name).equals("counter"))) {
            return name;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_count", "_sum", "_info", "_gcount", "_gsum")) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(family)) {
                    return family;
                }
            }
        }
        return name;
    }

    private Map<String, String> labels(String block, String line) {
        Map<String, String> labels = new TreeMap<>();
        if (block == null) {
            return labels;
        }
        String body = block.substring(1, block.length() - 1);
        int i = 0;
        while (i < body.length()) {
            int equals = body.indexOf('=', i);
            if (equals < 0) {
                fail("label without '='", line);
            }
            String name = body.substring(i, equals);
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                fail("bad label name '" + name + "'", line);
            }
            if (equals + 1 >= body.length() || body.charAt(equals + 1) != '"') {
                fail("label value not quoted", line);
            }
            int close = closingQuote(body, equals + 2, line);
            String value = unescape(body.substring(equals + 2, close), true, line);
            if (labels.put(name, value) != null) {
                fail("label '" + name + "' twice", line);
            }
            i = close + 1;
            if (i < body.length()) {
                if (body.charAt(i) != ',') {
                    fail("labels not separated by ','", line);
                }
                i++;
                if (i == body.length() && openMetrics) {
                    fail("trailing ',' in labels", line);
                }
            }
        }
        return labels;
    }

    private int closingQuote(String body, int from, String line) {
        for (int i = from; i < body.length(); i++) {
            if (body.charAt(i) == '\\') {
                i++;
            } else if (body.charAt(i) == '"') {
                return i;
            }
        }
        fail("unterminated label value", line);
        return -1;
    }

    /** Only \\, \n and (in label values) \" are escapes; a bare quote in a label value is an error. */
    private String unescape(String text, boolean labelValue, String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(++i) : ' ';
                switch (next) {
                    case '\\' -> out.append('\\');
                    case 'n' -> out.append('\n');
                    case '"' -> {
                        if (!labelValue && !openMetrics) {
                            fail("\\\" is not an escape in HELP text", line);
                        }
                        out.append('"');
                    }
                    default -> fail("bad escape '\\" + next + "'", line);
                }
            } else if (c == '"' && labelValue) {
                fail("unescaped quote in a label value", line);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Per histogram series: increasing bounds ending at +Inf, cumulative counts, +Inf == _count, a _sum. */
    private void checkHistograms() {
        for (var entry : types.entrySet()) {
            if (!entry.getValue().equals("histogram")) {
                continue;
            }
            String family = entry.getKey();
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            for (Sample sample : find(family + "_bucket")) {
                Map<String, String> series = new TreeMap<>(sample.labels());
                if (series.remove("le") == null) {
                    throw new AssertionError(family + "_bucket without le: " + sample);
                }
                buckets.computeIfAbsent(series, s -> new ArrayList<>()).add(sample);
            }
            buckets.forEach((series, list) -> checkBuckets(family, series, list));
        }
    }

    private void checkBuckets(String family, Map<String, String> series, List<Sample> buckets) {
        double bound = Double.NEGATIVE_INFINITY;
        double count = 0;
        for (Sample bucket : buckets) {
            String le = bucket.labels().get("le");
            double upper = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            if (!(upper > bound) || bucket.value() < count) {
                throw new AssertionError(family + " buckets not increasing/cumulative at le=" + le + " " + series);
            }
            bound = upper;
            count = bucket.value();
        }
        if (bound != Double.POSITIVE_INFINITY) {
            throw new AssertionError(family + " has no +Inf bucket " + series);
        }
        String[] pairs = series.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        List<Sample> counts = find(family + "_count", pairs).stream().filter(s -> s.labels().equals(series)).toList();
        List<Sample> sums = find(family + "_sum", pairs).stream().filter(s -> s.labels().equals(series)).toList();
        if (counts.size() != 1 || counts.getFirst().value() != count || sums.size() != 1) {
            throw new AssertionError(family + " _count/_sum missing or _count != +Inf bucket " + series);
        }
    }

    private void fail(String problem, String line) {
        throw new AssertionError("line " + lineNumber + ": " + problem + ": " + line);
    }
}
