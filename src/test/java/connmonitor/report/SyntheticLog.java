package connmonitor.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes JSON record logs as the daemon does (one object per line, numbers unrounded), deterministic for a
 * seed: per host a ping burst every {@code intervalMs}, a scan every {@code scanEvery} bursts, a trace at
 * the start and two route changes on odd hosts, a lossy stretch on every host and an outage (100 % loss) on
 * every third. Used by the tests and, through {@link #main}, by bench/report.sh for the 1 GB log.
 */
public final class SyntheticLog {

    /** What to write; {@code start} is ms since the epoch. */
    public record Spec(int hosts, int burstsPerHost, long start, long intervalMs, int scanEvery, long seed) {
    }

    private final Spec spec;

    public SyntheticLog(Spec spec) {
        this.spec = spec;
    }

    public static String hostName(int h) {
        return String.format("host-%02d", h);
    }

    public static String hostAddr(int h) {
        return "127.0." + (h / 250) + "." + (h % 250 + 1);
    }

    /** The route of host {@code h} at burst {@code step}: odd hosts take a detour (1) in the middle third. */
    static int routeAt(int h, int step, int bursts) {
        return h % 2 == 1 && step >= bursts / 3 && step < 2 * bursts / 3 ? 1 : 0;
    }

    public long write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            return write(out);
        }
    }

    /** Writes the log; returns the number of records written. */
    public long write(OutputStream stream) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        SplittableRandom random = new SplittableRandom(spec.seed());
        StringBuilder line = new StringBuilder(256);
        long records = 0;
        int bursts = spec.burstsPerHost();
        for (int step = 0; step < bursts; step++) {
            for (int h = 0; h < spec.hosts(); h++) {
                double ts = spec.start() + (double) step * spec.intervalMs() + h * 7 + random.nextInt(1000) / 1000.0;
                if (step == 0 || routeAt(h, step, bursts) != routeAt(h, step - 1, bursts)) {
                    trace(line, h, ts - 1, routeAt(h, step, bursts), random);
                    out.append(line);
                    records++;
                }
                ping(line, h, ts, step, random);
                out.append(line);
                records++;
                if (spec.scanEvery() > 0 && step % spec.scanEvery() == 0) {
                    scan(line, h, ts + 2, step, random);
                    out.append(line);
                    records++;
                }
            }
        }
        out.flush();
        return records;
    }

    private void head(StringBuilder line, int h, double ts) {
        line.setLength(0);
        line.append("{\"addr\":\"").append(hostAddr(h)).append("\",\"name\":\"").append(hostName(h))
                .append("\",\"timestamp\":").append(String.format("%.3f", ts));
    }

    private void ping(StringBuilder line, int h, double ts, int step, SplittableRandom random) {
        int bursts = spec.burstsPerHost();
        double base = h == 0 ? 0.05 : 2.0 + 3.0 * h;
        boolean outage = h % 3 == 2 && step >= bursts * 6 / 10 && step < bursts * 62 / 100;
        boolean lossy = step >= bursts * 4 / 10 && step < bursts * 45 / 100;
        int lost = outage ? 10 : lossy ? 1 + random.nextInt(4) : random.nextInt(50) == 0 ? 1 : 0;
        head(line, h, ts);
        if (lost == 10) {
            line.append(",\"ping\":{\"min\":-1,\"avg\":-1,\"max\":-1,\"std\":-1,\"loss\":100.0}}\n");
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        double sum = 0;
        double sumSquares = 0;
        int n = 10 - lost;
        double shift = routeAt(h, step, bursts) == 1 ? base * 0.5 : 0; // the detour is slower
        for (int i = 0; i < n; i++) {
            double rtt = base + shift + base * 0.3 * random.nextDouble() * random.nextDouble();
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
            sum += rtt;
            sumSquares += rtt * rtt;
        }
        double avg = sum / n;
        double std = n < 2 ? 0 : Math.sqrt(Math.max(0, (sumSquares - n * avg * avg) / (n - 1)));
        line.append(",\"ping\":{\"min\":").append(min).append(",\"avg\":").append(avg).append(",\"max\":").append(max)
                .append(",\"std\":").append(std).append(",\"loss\":").append(lost * 10.0).append("}}\n");
    }

    private void trace(StringBuilder line, int h, double ts, int route, SplittableRandom random) {
        head(line, h, ts);
        line.append(",\"trace\":[");
        line.append("[\"10.9.0.1\",").append(0.2 + random.nextDouble()).append("],");
        if (route == 1) {
            line.append("[\"10.9.7.1\",").append(3 + random.nextDouble()).append("],[\"*\"],");
        } else {
            line.append("[\"10.8.").append(h % 200).append(".1\",").append(1 + random.nextDouble()).append("],");
        }
        line.append("[\"").append(hostAddr(h)).append("\",").append(2 + random.nextDouble()).append("]]}\n");
    }

    private void scan(StringBuilder line, int h, double ts, int step, SplittableRandom random) {
        head(line, h, ts);
        boolean httpsDown = h % 2 == 1 && step % (4 * spec.scanEvery()) == 0;
        line.append(",\"scan\":{\"http\":{\"rtt\":").append(1 + random.nextDouble())
                .append(",\"response code\":\"200\",\"server\":\"nginx\"},\"https\":");
        if (httpsDown) {
            line.append("\"None\"");
        } else {
            line.append("{\"rtt\":").append(3 + random.nextDouble())
                    .append(",\"response code\":\"301\",\"server\":\"nginx\",\"certificate verified\":true}");
        }
        line.append(",\"mysql\":");
        if (h % 3 == 0) {
            line.append("{\"rtt\":").append(0.5 + random.nextDouble()).append(",\"version\":\"10.11.6-MariaDB\"}");
        } else {
            line.append("\"None\"");
        }
        line.append("}}\n");
    }

    /**
     * {@code SyntheticLog FILE MEGABYTES [HOSTS]}: writes a log of about that size (about 200 bytes a
     * record), bursts every 500 ms ending now, and prints the number of records written.
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]) << 20;
        int hosts = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int bursts = (int) Math.max(1, bytes / 200 / hosts);
        long interval = 500;
        long start = System.currentTimeMillis() - bursts * interval;
        long records = new SyntheticLog(new Spec(hosts, bursts, start, interval, 60, 42)).write(file);
        System.out.println(records);
    }
}
