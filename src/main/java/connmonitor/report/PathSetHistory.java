package connmonitor.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The sets of paths one host was found to have ({@code paths=MS} records), and when. The daemon writes a
 * record only when the set changes, so this stays small; each distinct set is kept once (its paths sorted,
 * so the order a record lists them in does not matter) and the timeline holds (time, set, effort) triples.
 * Periods are read in time order, so logs out of order give the same timeline, and a record repeating the
 * set in force (a restarted daemon prints its first set again) continues the period instead of starting one.
 */
final class PathSetHistory {

    /** A distinct set of paths, each path its hop addresses from TTL 1; sorted. */
    record PathSet(List<List<String>> paths) {
    }

    /**
     * One stretch of time with one set in force.
     *
     * @param from   the record that began it (ms since the epoch)
     * @param to     the next record with another set, or the host's last record of any kind
     * @param set    index in {@link #sets()}
     * @param flows  the effort of the run that found the set (-1: not said)
     * @param probes the same, in probes
     */
    record Period(double from, double to, int set, int flows, int probes) {
    }

    private static final Comparator<List<String>> PATH_ORDER = (a, b) -> String.join("\t", a).compareTo(String.join("\t", b));

    private final Map<List<List<String>>, Integer> idsBySet = new HashMap<>();
    private final List<PathSet> seen = new ArrayList<>();
    private final List<Double> firstSeen = new ArrayList<>();
    private double[] times = new double[4];
    private int[] setIds = new int[4];
    private int[] flows = new int[4];
    private int[] probes = new int[4];
    private int count;

    void add(LogRecord.PathSet record) {
        List<List<String>> sorted = new ArrayList<>(record.paths());
        sorted.sort(PATH_ORDER);
        List<List<String>> key = List.copyOf(sorted);
        int id = idsBySet.computeIfAbsent(key, unused -> {
            seen.add(new PathSet(key));
            firstSeen.add(record.timestamp());
            return seen.size() - 1;
        });
        firstSeen.set(id, Math.min(firstSeen.get(id), record.timestamp()));
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            setIds = Arrays.copyOf(setIds, count * 2);
            flows = Arrays.copyOf(flows, count * 2);
            probes = Arrays.copyOf(probes, count * 2);
        }
        times[count] = record.timestamp();
        setIds[count] = id;
        flows[count] = record.flows();
        probes[count++] = record.probes();
    }

    /** Path-set records read for the host. */
    int records() {
        return count;
    }

    /** The distinct sets in the order they were first seen in time (not in reading order). */
    List<PathSet> sets() {
        return Arrays.stream(byFirstSeen()).mapToObj(seen::get).toList();
    }

    /**
     * The timeline in time order: a period per change of set; the last one lasts until {@code lastSeen},
     * the host's last record of any kind (or its own start, if that is later).
     */
    List<Period> periods(double lastSeen) {
        int[] rank = rankOf(byFirstSeen());
        Integer[] order = IntStream.range(0, count).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> times[i])); // stable: ties keep log order
        List<Period> periods = new ArrayList<>();
        int start = -1;
        for (int k = 0; k < count; k++) {
            int i = order[k];
            if (start >= 0 && setIds[start] == setIds[i]) {
                continue; // the same set again: the period goes on
            }
            if (start >= 0) {
                periods.add(new Period(times[start], times[i], rank[setIds[start]], flows[start], probes[start]));
            }
            start = i;
        }
        if (start >= 0) {
            periods.add(new Period(times[start], Math.max(lastSeen, times[start]), rank[setIds[start]], flows[start],
                    probes[start]));
        }
        return periods;
    }

    private int[] byFirstSeen() {
        return IntStream.range(0, seen.size()).boxed().sorted(Comparator.comparingDouble(firstSeen::get))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] rankOf(int[] order) {
        int[] rank = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }
}
