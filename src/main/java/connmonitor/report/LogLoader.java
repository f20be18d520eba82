package connmonitor.report;

import connmonitor.output.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads record logs (plain or gzip) line by line into a {@link ReportBuilder}, counting what it skips.
 * A file says in one WW line what it skipped, never one line per bad line: a log can hold millions.
 */
final class LogLoader {

    private final ReportBuilder builder;
    private final RecordParser parser;
    private final Log log;

    LogLoader(ReportBuilder builder, RecordParser parser, Log log) {
        this.builder = builder;
        this.parser = parser;
        this.log = log;
    }

    /** Reads one file ("-" is stdin); an unreadable file is an IOException for the caller to report. */
    FileStats load(String file, InputStream stdin) throws IOException {
        FileStats stats = new FileStats(file.equals("-") ? "(stdin)" : file);
        try (InputStream raw = file.equals("-") ? nonClosing(stdin) : Files.newInputStream(Path.of(file));
             InputStream in = LineReader.decompressIfGzip(raw)) {
            LineReader.Ending ending = LineReader.read(in, new LineReader.Sink() {
                @Override
                public void line(byte[] buffer, int offset, int length, long lineNumber) {
                    if (!blank(buffer, offset, length)) {
                        take(stats, parser.parse(buffer, offset, length), lineNumber);
                    }
                }

                @Override
                public void overlong(long lineNumber) {
                    stats.skip(ParsedLine.Skip.MALFORMED, lineNumber);
                }
            });
            stats.lines = ending.lines();
            stats.truncatedCompression = ending.truncatedCompression();
        }
        warn(stats);
        return stats;
    }

    private void take(FileStats stats, ParsedLine parsed, long lineNumber) {
        switch (parsed) {
            case LogRecord record -> {
                if (builder.accept(record)) {
                    stats.records++;
                } else {
                    stats.filteredOut++;
                }
            }
            case ParsedLine.Skip reason -> stats.skip(reason, lineNumber);
        }
    }

    /** An empty line is no record and nothing lost either. */
    private static boolean blank(byte[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (buffer[i] != ' ' && buffer[i] != '\t' && buffer[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private void warn(FileStats stats) {
        if (stats.truncatedCompression) {
            log.warn(stats.name + ": compressed data ends early after line " + stats.lines
                    + " (still being written?); the report uses what came before");
        }
        long skipped = stats.skippedLines();
        if (skipped > 0) {
            log.warn(stats.name + ": skipped " + skipped + " line" + (skipped == 1 ? "" : "s")
                    + ", the first at line " + stats.firstSkippedLine + ": " + stats.skipReasons());
        }
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // stdin belongs to the process, not to this report
            }
        };
    }
}
