package connmonitor.report;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Splits a log into lines as bytes, without decoding them to strings: the JSON parser reads UTF-8 itself,
 * and a gigabyte of log is then never copied into chars. gzip input (rotated logs) is recognised by its
 * magic bytes, whatever the file is called.
 */
final class LineReader {

    /** A line longer than this is no record; it is skipped whole instead of growing the buffer forever. */
    static final int MAX_LINE = 16 << 20;
    private static final int CHUNK = 1 << 20;

    /** Receives each line, without its line break; the bytes are only valid during the call. */
    interface Sink {
        void line(byte[] buffer, int offset, int length, long lineNumber);

        /** A line longer than {@link #MAX_LINE}. */
        void overlong(long lineNumber);
    }

    /** How reading ended: whole, or cut short by a compressed stream that stops early. */
    record Ending(long lines, boolean truncatedCompression) {
    }

    private LineReader() {
    }

    static InputStream decompressIfGzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static Ending read(InputStream in, Sink sink) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int start = 0;
        int end = 0;
        long lineNumber = 0;
        boolean skippingOverlong = false;
        boolean truncated = false;
        while (true) {
            int read;
            try {
                read = in.read(buffer, end, buffer.length - end);
            } catch (EOFException cutShort) {
                truncated = true; // a rotated .gz still being written: use what came before
                read = -1;
            }
            if (read < 0) {
                break;
            }
            int scan = end;
            end += read;
            for (int nl = indexOf(buffer, scan, end); nl >= 0; nl = indexOf(buffer, start, end)) {
                lineNumber++;
                if (skippingOverlong) {
                    skippingOverlong = false;
                } else {
                    sink.line(buffer, start, nl - start, lineNumber);
                }
                start = nl + 1;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                if (buffer.length >= MAX_LINE) {
                    if (!skippingOverlong) {
                        sink.overlong(lineNumber + 1);
                    }
                    skippingOverlong = true;
                    end = 0;
                } else {
                    buffer = Arrays.copyOf(buffer, Math.min(MAX_LINE, buffer.length * 2));
                }
            }
        }
        if (end > start) {
            lineNumber++;
            if (!skippingOverlong) {
                sink.line(buffer, start, end - start, lineNumber); // the last line, without its line break
            }
        }
        return new Ending(lineNumber, truncated);
    }

    private static int indexOf(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
