package connmonitor.output;

import connmonitor.probe.Observation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes records to stdout: the records that queued up together are formatted into one buffer and
 * written in one write, each record whole, so output keeps up with thousands of hosts and two
 * records never interleave.
 */
public final class RecordPrinter {

    private static final int MAX_WRITE_BYTES = 64 * 1024;

    private final OutputStream out;
    private final RecordFormat json;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(MAX_WRITE_BYTES);

    /** @param out where records go, unbuffered (stdout): every batch is one write */
    public RecordPrinter(OutputStream out) {
        this(out, Optional.empty());
    }

    /**
     * @param out     where records go, unbuffered (stdout): every batch is one write
     * @param vantage this monitor's name (--vantage), written into every JSON record
     */
    public RecordPrinter(OutputStream out, Optional<String> vantage) {
        this.out = out;
        this.json = RecordFormat.of(true, vantage);
    }

    /** Formats and writes these records; an IOException means the output is gone (e.g. EPIPE). */
    public void print(List<Observation> observations) throws IOException {
        for (Observation observation : observations) {
            RecordFormat format = observation.target().options().json() ? json : RecordFormat.of(false);
            buffer.writeBytes(format.format(observation).getBytes(StandardCharsets.UTF_8));
            if (buffer.size() >= MAX_WRITE_BYTES) {
                flush();
            }
        }
        flush();
    }

    private void flush() throws IOException {
        if (buffer.size() > 0) {
            try {
                buffer.writeTo(out);
                out.flush();
            } finally {
                buffer.reset();
            }
        }
    }
}
