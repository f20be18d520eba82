package connmonitor.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Debian's iputils {@code ping} printed, read back: the independent witness for the lab's tests.
 * Note that ping prints a reply's time with 3 decimals below 1 ms, 2 below 10 ms, 1 below 100 ms
 * (the summary's min/avg/max/mdev always have 3).
 *
 * @param transmitted requests sent (summary line)
 * @param received    distinct replies (summary line)
 * @param duplicates  duplicate replies (summary line, "+N duplicates")
 * @param replyTimes  the time of every printed reply line, duplicates included, in ms
 * @param replySeqs   the icmp_seq of every printed reply line, in arrival order
 * @param dupLines    reply lines marked (DUP!)
 * @param badChecksumLines reply lines marked (BAD CHECKSUM!)
 * @param avg         the summary's average in ms, or NaN when nothing came back
 */
public record PingOutput(int transmitted, int received, int duplicates, List<Double> replyTimes,
                         List<Integer> replySeqs, int dupLines, int badChecksumLines, double avg) {

    private static final Pattern REPLY = Pattern.compile("icmp_seq=(\\d+) .*time=([0-9.]+) ms(.*)");
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) packets transmitted, (\\d+) received(?:, \\+(\\d+) duplicates)?");
    private static final Pattern RTT = Pattern.compile("= ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms");

    public PingOutput {
        replyTimes = List.copyOf(replyTimes);
        replySeqs = List.copyOf(replySeqs);
    }

    public static PingOutput parse(String stdout) {
        List<Double> times = new ArrayList<>();
        List<Integer> seqs = new ArrayList<>();
        int dups = 0;
        int bad = 0;
        Matcher summary = null;
        double avg = Double.NaN;
        for (String line : stdout.lines().toList()) {
            Matcher reply = REPLY.matcher(line);
            if (reply.find()) {
                seqs.add(Integer.parseInt(reply.group(1)));
                times.add(Double.parseDouble(reply.group(2)));
                dups += reply.group(3).contains("DUP!") ? 1 : 0;
                bad += reply.group(3).contains("BAD CHECKSUM") ? 1 : 0;
            }
            Matcher s = SUMMARY.matcher(line);
            if (s.find()) {
                summary = s;
            }
            Matcher rtt = RTT.matcher(line);
            if (rtt.find()) {
                avg = Double.parseDouble(rtt.group(2));
            }
        }
        if (summary == null) {
            throw new IllegalArgumentException("no ping summary line in:\n" + stdout);
        }
        return new PingOutput(Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)),
                summary.group(3) == null ? 0 : Integer.parseInt(summary.group(3)), times, seqs, dups, bad, avg);
    }

    /** Lost requests in percent, as ping counts them. */
    public double lossPercent() {
        return 100.0 * (transmitted - received) / transmitted;
    }

    /** The median of the printed reply times in ms. */
    public double medianTime() {
        if (replyTimes.isEmpty()) {
            throw new IllegalStateException("no replies");
        }
        List<Double> sorted = replyTimes.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
