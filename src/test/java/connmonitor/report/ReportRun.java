package connmonitor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.output.Log;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** One in-process run of {@code connmonitor report}: exit code, stdout, stderr, and the page's data. */
record ReportRun(int exitCode, String out, String err, Path page) {

    /** A fixed "now" after every synthetic log's records, so --since 2h style arguments are stable. */
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    static ReportRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Log log = new Log(err, Clock.fixed(NOW, ZoneOffset.UTC), false);
        int code = ReportCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), log,
                new ByteArrayInputStream(new byte[0]), Clock.fixed(NOW, ZoneOffset.UTC));
        Path page = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-o")) {
                page = Path.of(args[i + 1]);
            }
        }
        return new ReportRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), page);
    }

    String html() throws IOException {
        return Files.readString(page);
    }

    /** The JSON the page carries in its report-data script element. */
    JsonNode data() throws IOException {
        return dataOf(html());
    }

    static JsonNode dataOf(String html) throws IOException {
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int start = html.indexOf(open) + open.length();
        int end = html.indexOf("</script>", start);
        return new ObjectMapper().readTree(html.substring(start, end));
    }

    static JsonNode host(JsonNode data, String name) {
        for (JsonNode host : data.get("hosts")) {
            if (host.get("name").asText().equals(name)) {
                return host;
            }
        }
        throw new AssertionError("no host " + name + " in the page");
    }
}
