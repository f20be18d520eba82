package connmonitor.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The one reader of JSON record logs, for code outside the report: the same line splitting and the same
 * streaming parser as {@code connmonitor report}, handing over each usable record. The live view's history
 * ({@code --history}) reads the monitor's log with it, so both read every record format alike.
 */
public final class RecordLog {

    private RecordLog() {
    }

    /**
     * Reads record lines (plain or gzip) to the end and hands each usable record to {@code records}; plaintext
     * records, broken or cut-off lines and timestamps outside 2000..now+1 year are skipped.
     *
     * @param nowMillis the time timestamps are judged against
     * @return the number of records handed over
     */
    public static long read(InputStream in, long nowMillis, Consumer<? super LogRecord> records) throws IOException {
        RecordParser parser = new RecordParser(nowMillis);
        long[] taken = new long[1];
        LineReader.read(LineReader.decompressIfGzip(in), new LineReader.Sink() {
            @Override
            public void line(byte[] buffer, int offset, int length, long lineNumber) {
                if (parser.parse(buffer, offset, length) instanceof LogRecord record) {
                    records.accept(record);
                    taken[0]++;
                }
            }

            @Override
            public void overlong(long lineNumber) {
                // no record is this long: skipped like any broken line
            }
        });
        return taken[0];
    }
}
