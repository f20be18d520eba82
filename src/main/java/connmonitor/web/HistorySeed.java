package connmonitor.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import connmonitor.output.RecordFields;
import connmonitor.probe.PingResult;
import connmonitor.probe.RttQuantiles;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fills a {@link HistoryStore} from the monitor's own JSON record log, so that a restart does not blank
 * the live view. Only the log's last {@link #TAIL_BYTES} are read (a week of a large fleet's pings at most;
 * a start must stay quick), and only records with a timestamp in the last week. Lines that are not JSON
 * records (plaintext records, a torn last line) are skipped.
 * <p>
 * A 4.1.3 record has a burst's min, avg, max and loss but not its single RTTs: its replies are filled in
 * as min, max and avg for the rest, assuming 10 requests (the default), so old history shows a band from
 * min to max around the average. A record of a {@code quantiles=1} host has its burst's quantiles: the
 * replies are spread along them, so the smoke comes back as it was.
 */
public final class HistorySeed {

    static final long TAIL_BYTES = 256L << 20;
    static final int ASSUMED_REQUESTS = 10;
    private static final long WEEK_MILLIS = 7 * 86_400_000L;

    private final JsonFactory factory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final HistoryStore store;
    private final long oldestMillis;
    private long records;

    public HistorySeed(HistoryStore store, long nowMillis) {
        this.store = store;
        this.oldestMillis = nowMillis - WEEK_MILLIS;
    }

    /** Reads the tail of a log file; returns the number of records taken. */
    public long readFile(Path log) throws IOException {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            channel.position(start);
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            if (start > 0) {
                skipLine(in); // it starts in the middle of a line
            }
            return read(in);
        }
    }

    /** Reads a whole stream of record lines; returns the number of records taken. */
    public long read(InputStream in) throws IOException {
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[4096];
        int length = 0;
        int got;
        while ((got = in.read(chunk)) >= 0) {
            int start = 0;
            for (int i = 0; i < got; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                if (length == 0) {
                    line(chunk, start, i - start); // the common case: a whole line inside the chunk
                } else {
                    line = append(line, length, chunk, start, i - start);
                    line(line, 0, length + i - start);
                    length = 0;
                }
                start = i + 1;
            }
            line = append(line, length, chunk, start, got - start);
            length += got - start;
        }
        line(line, 0, length); // a last line without a newline (a log cut off mid-write) is tried too
        return records;
    }

    private static byte[] append(byte[] line, int length, byte[] from, int offset, int count) {
        byte[] into = length + count <= line.length ? line : Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        System.arraycopy(from, offset, into, length, count);
        return into;
    }

    void line(byte[] bytes, int offset, int length) {
        if (length < 2 || bytes[offset] != '{') {
            return;
        }
        try (JsonParser json = factory.createParser(bytes, offset, length)) {
            record(json);
        } catch (IOException | RuntimeException broken) {
            // one broken line (cut off, garbled) costs only itself
        }
    }

    private void record(JsonParser json) throws IOException {
        json.nextToken();
        String name = null;
        String addr = null;
        double timestamp = Double.NaN;
        Object body = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case RecordFields.NAME -> name = json.getValueAsString();
                case RecordFields.ADDR -> addr = json.getValueAsString();
                case RecordFields.TIMESTAMP -> timestamp = json.getValueAsDouble(Double.NaN);
                case RecordFields.PING -> body = ping(json);
                case RecordFields.TRACE -> body = trace(json);
                case RecordFields.SCAN -> body = scan(json);
                default -> json.skipChildren();
            }
        }
        if (body == null || name == null || addr == null || Double.isNaN(timestamp) || timestamp < oldestMillis) {
            return;
        }
        store.record(name, addr, (long) timestamp, body);
        records++;
    }

    private static PingResult ping(JsonParser json) throws IOException {
        double min = Double.NaN;
        double avg = Double.NaN;
        double max = Double.NaN;
        double loss = Double.NaN;
        double[] quantiles = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals(RecordFields.QUANTILES)) {
                quantiles = quantiles(json);
                continue;
            }
            double value = json.getValueAsDouble(Double.NaN);
            switch (field) {
                case RecordFields.MIN -> min = value;
                case RecordFields.AVG -> avg = value;
                case RecordFields.MAX -> max = value;
                case RecordFields.LOSS -> loss = value;
                default -> json.skipChildren();
            }
        }
        if (Double.isNaN(loss) || loss < 0 || loss > 100) {
            return null;
        }
        int received = (int) Math.round(ASSUMED_REQUESTS * (100 - loss) / 100);
        if (received > 0 && (Double.isNaN(min) || Double.isNaN(avg) || Double.isNaN(max) || min < 0)) {
            return null;
        }
        double[] standIns = new double[received];
        Arrays.fill(standIns, avg);
        if (quantiles != null && received >= 2) { // quantiles=1: replies spread as the burst's were
            for (int i = 0; i < received; i++) {
                standIns[i] = RttQuantiles.at(quantiles, (double) i / (received - 1));
            }
        } else if (received >= 2) {
            standIns[0] = min;
            standIns[1] = max;
        }
        return PingResult.of(ASSUMED_REQUESTS, standIns);
    }

    /** quantiles=1's seven ascending RTTs, or null for anything else. */
    private static double[] quantiles(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_ARRAY) {
            json.skipChildren();
            return null;
        }
        double[] q = new double[RttQuantiles.COUNT];
        int count = 0;
        boolean valid = true;
        while (json.nextToken() != JsonToken.END_ARRAY) {
            double value = json.getValueAsDouble(Double.NaN);
            json.skipChildren();
            if (count < q.length) {
                q[count] = value;
                valid &= value >= 0 && (count == 0 || value >= q[count - 1]);
            }
            count++;
        }
        return valid && count == q.length ? q : null;
    }

    private static TraceResult trace(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_ARRAY) {
            json.skipChildren();
            return null;
        }
        List<TraceResult.Step> steps = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_ARRAY) {
            json.nextToken();
            String address = json.getValueAsString();
            double rtt = -1;
            if (json.nextToken() != JsonToken.END_ARRAY) {
                rtt = json.getValueAsDouble(-1);
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    json.skipChildren();
                }
            }
            steps.add(address == null || address.equals(RecordFields.NO_ANSWER) ? TraceResult.Step.NO_ANSWER
                    : TraceResult.Step.answered(InetAddress.ofLiteral(address), rtt));
        }
        return new TraceResult(steps, false);
    }

    private static ScanResult scan(JsonParser json) throws IOException {
        Optional<ScanResult.Http> http = Optional.empty();
        Optional<ScanResult.Http> https = Optional.empty();
        Optional<ScanResult.Mysql> mysql = Optional.empty();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (json.currentToken() != JsonToken.START_OBJECT) {
                continue; // "None"
            }
            String[] texts = new String[3];
            double rtt = -1;
            ScanResult.Certificate certificate = ScanResult.Certificate.NONE;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                json.nextToken();
                switch (key) {
                    case RecordFields.RTT -> rtt = json.getValueAsDouble(-1);
                    case RecordFields.RESPONSE_CODE -> texts[0] = json.getValueAsString();
                    case RecordFields.SERVER -> texts[1] = json.getValueAsString();
                    case RecordFields.VERSION -> texts[2] = json.getValueAsString();
                    case RecordFields.CERTIFICATE_VERIFIED -> certificate = json.getValueAsBoolean()
                            ? ScanResult.Certificate.VERIFIED : ScanResult.Certificate.UNVERIFIED;
                    default -> json.skipChildren();
                }
            }
            switch (field) {
                case RecordFields.HTTP -> http = Optional.of(new ScanResult.Http(rtt, String.valueOf(texts[0]),
                        String.valueOf(texts[1]), ScanResult.Certificate.NONE));
                case RecordFields.HTTPS -> https = Optional.of(new ScanResult.Http(rtt, String.valueOf(texts[0]),
                        String.valueOf(texts[1]), certificate));
                case RecordFields.MYSQL -> mysql = Optional.of(new ScanResult.Mysql(rtt, String.valueOf(texts[2]), Optional.empty()));
                default -> {
                    // a service of a newer version
                }
            }
        }
        return new ScanResult(http, https, mysql);
    }

    private static void skipLine(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            // up to the first whole line
        }
    }
}
