package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Lines out of a byte stream, plain or gzip, whatever the chunk boundaries. */
class LineReaderTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Long> overlong = new ArrayList<>();

    private LineReader.Ending read(InputStream in) throws IOException {
        return LineReader.read(LineReader.decompressIfGzip(in), new LineReader.Sink() {
            @Override
            public void line(byte[] buffer, int offset, int length, long lineNumber) {
                lines.add(lineNumber + ":" + new String(buffer, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void overlong(long lineNumber) {
                overlong.add(lineNumber);
            }
        });
    }

    /** Hands out a few bytes per read, so lines straddle reads. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void linesAcrossReadsWithoutAFinalLineBreak() throws IOException {
        LineReader.Ending ending = read(trickle("first\n\nsecond é\r\nlast, cut off".getBytes(StandardCharsets.UTF_8)));
        assertThat(lines).containsExactly("1:first", "2:", "3:second é\r", "4:last, cut off");
        assertThat(ending.lines()).isEqualTo(4);
        assertThat(ending.truncatedCompression()).isFalse();
    }

    @Test
    void gzipIsRecognisedByItsMagicBytes() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("a\nb\n".getBytes(StandardCharsets.UTF_8));
        }
        read(new ByteArrayInputStream(gz.toByteArray()));
        assertThat(lines).containsExactly("1:a", "2:b");
    }

    @Test
    void aGzipStreamThatStopsEarlyKeepsWhatCameBefore() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            for (int i = 0; i < 20_000; i++) {
                out.write(("line " + i + " " + Math.sqrt(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] half = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        LineReader.Ending ending = read(new ByteArrayInputStream(half));
        assertThat(ending.truncatedCompression()).isTrue();
        assertThat(lines).hasSizeBetween(1000, 19_999);
        assertThat(lines.getFirst()).isEqualTo("1:line 0 0.0");
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedWhole() throws IOException {
        byte[] huge = new byte[LineReader.MAX_LINE + 10];
        Arrays.fill(huge, (byte) 'x');
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write("before\n".getBytes(StandardCharsets.UTF_8));
        all.write(huge);
        all.write("\nafter\n".getBytes(StandardCharsets.UTF_8));
        read(new ByteArrayInputStream(all.toByteArray()));
        assertThat(lines).containsExactly("1:before", "3:after");
        assertThat(overlong).containsExactly(2L);
    }
}
