package connmonitor.web;

import connmonitor.output.RecordFields;
import connmonitor.probe.PingResult;
import connmonitor.probe.RttQuantiles;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import connmonitor.report.LogRecord;
import connmonitor.report.RecordLog;
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
 * a start must stay quick), and only records with a timestamp in the last week. The lines are read by the
 * report's reader ({@link RecordLog}): what it skips (plaintext records, a torn last line) is skipped here.
 * <p>
 * A 4.1.3 record has a burst's min, avg, max and loss but not its single RTTs: its replies are filled in
 * as min, max and avg for the rest, assuming 10 requests (the default), so old history shows a band from
 * min to max around the average. A record of a {@code quantiles=1} host has its burst's quantiles: the
 * replies are spread along them, so the smoke comes back as it was. Path records ({@code path=}) are not
 * taken: the next window of traces brings the per-hop table back.
 */
public final class HistorySeed {

    static final long TAIL_BYTES = 256L << 20;
    static final int ASSUMED_REQUESTS = 10;
    private static final long WEEK_MILLIS = 7 * 86_400_000L;

    private final HistoryStore store;
    private final long nowMillis;
    private final long oldestMillis;
    private long records;

    public HistorySeed(HistoryStore store, long nowMillis) {
        this.store = store;
        this.nowMillis = nowMillis;
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
        RecordLog.read(in, nowMillis, this::take);
        return records;
    }

    private void take(LogRecord record) {
        if (record.timestamp() < oldestMillis) {
            return;
        }
        Object measurement;
        try {
            measurement = switch (record) {
                case LogRecord.Ping ping -> ping(ping);
                case LogRecord.Trace trace -> trace(trace);
                case LogRecord.Scan scan -> scan(scan);
                case LogRecord.Path path -> null;
                case LogRecord.PathSet paths -> null; // the live view has no path sets (yet): the report shows them
            };
        } catch (IllegalArgumentException notAnAddress) {
            return; // a trace step that is no address literal: that record costs only itself
        }
        if (measurement != null) {
            store.record(record.name(), record.addr(), record.origin().labels(), (long) record.timestamp(), measurement);
            records++;
        }
    }

    private static PingResult ping(LogRecord.Ping ping) {
        int received = (int) Math.round(ASSUMED_REQUESTS * (100 - ping.loss()) / 100);
        double[] standIns = new double[received];
        Arrays.fill(standIns, ping.avg());
        double[] quantiles = ping.quantiles();
        if (quantiles.length == RttQuantiles.COUNT && received >= 2) { // quantiles=1: replies spread as the burst's were
            for (int i = 0; i < received; i++) {
                standIns[i] = RttQuantiles.at(quantiles, (double) i / (received - 1));
            }
        } else if (received >= 2) {
            standIns[0] = ping.min();
            standIns[1] = ping.max();
        }
        return PingResult.of(ASSUMED_REQUESTS, standIns);
    }

    private static TraceResult trace(LogRecord.Trace trace) {
        List<TraceResult.Step> steps = new ArrayList<>(trace.steps().size());
        for (LogRecord.Trace.Step step : trace.steps()) {
            steps.add(step.address() == null || step.address().equals(RecordFields.NO_ANSWER) ? TraceResult.Step.NO_ANSWER
                    : TraceResult.Step.answered(InetAddress.ofLiteral(step.address()), step.rttMillis()));
        }
        return new TraceResult(steps, false);
    }

    private static ScanResult scan(LogRecord.Scan scan) {
        return new ScanResult(http(scan.http(), ScanResult.Certificate.NONE), http(scan.https(), null),
                Optional.ofNullable(scan.mysql()).map(mysql -> new ScanResult.Mysql(mysql.rttMillis(),
                        String.valueOf(mysql.version()), Optional.ofNullable(mysql.error()))));
    }

    /** An HTTP(S) answer; the certificate as the record says for HTTPS (null: from the record), none for HTTP. */
    private static Optional<ScanResult.Http> http(LogRecord.Scan.Answer answer, ScanResult.Certificate certificate) {
        if (answer == null) {
            return Optional.empty();
        }
        ScanResult.Certificate said = certificate != null ? certificate : answer.verified() == null
                ? ScanResult.Certificate.NONE : answer.verified() ? ScanResult.Certificate.VERIFIED : ScanResult.Certificate.UNVERIFIED;
        return Optional.of(new ScanResult.Http(answer.rttMillis(), String.valueOf(answer.code()),
                String.valueOf(answer.server()), said));
    }

    private static void skipLine(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            // up to the first whole line
        }
    }
}
