package connmonitor.report;

import java.util.EnumMap;
import java.util.Map;

/** What reading one log file found: lines, records used, records filtered out, lines skipped and why. */
final class FileStats {

    final String name;
    long lines;
    long records;
    long filteredOut;
    long firstSkippedLine;
    boolean truncatedCompression;
    final Map<ParsedLine.Skip, Long> skipped = new EnumMap<>(ParsedLine.Skip.class);

    FileStats(String name) {
        this.name = name;
    }

    void skip(ParsedLine.Skip reason, long lineNumber) {
        skipped.merge(reason, 1L, Long::sum);
        if (firstSkippedLine == 0) {
            firstSkippedLine = lineNumber;
        }
    }

    long skippedLines() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** e.g. "3 broken or truncated JSON, 12 not JSON (plaintext records)". */
    String skipReasons() {
        StringBuilder text = new StringBuilder();
        skipped.forEach((reason, count) -> text.append(text.isEmpty() ? "" : ", ")
                .append(count).append(' ').append(reason.description));
        return text.toString();
    }
}
