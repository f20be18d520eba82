package connmonitor.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The routes one host was traced along, and when. The daemon prints a trace only when the route changed,
 * so this stays small; each distinct route is kept once and the timeline holds (time, route) pairs.
 * A route change is as the daemon defines it: at some hop where both traces got an answer, the addresses
 * differ ({@code *} matches anything), compared with the trace before in time (so logs out of order count
 * the same, and a 4.1.3 log that reprinted a route for a lost probe shows no change for it).
 */
final class RouteHistory {

    /** A distinct route as first seen (earliest in time): its steps with those RTTs. */
    record Route(List<LogRecord.Trace.Step> steps, double firstSeen) {
    }

    /** A change from one route to another at a time (ms since the epoch); routes by index in {@link #routes()}. */
    record Change(double time, int from, int to) {
    }

    private final Map<String, Integer> idsByShape = new HashMap<>();
    private final List<Route> seen = new ArrayList<>();
    private double[] times = new double[8];
    private int[] routeIds = new int[8];
    private int count;

    void add(LogRecord.Trace trace) {
        int id = idsByShape.computeIfAbsent(shape(trace.steps()), unused -> {
            seen.add(new Route(trace.steps(), trace.timestamp()));
            return seen.size() - 1;
        });
        if (trace.timestamp() < seen.get(id).firstSeen()) {
            seen.set(id, new Route(trace.steps(), trace.timestamp()));
        }
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            routeIds = Arrays.copyOf(routeIds, count * 2);
        }
        times[count] = trace.timestamp();
        routeIds[count++] = id;
    }

    int traces() {
        return count;
    }

    /** The distinct routes in the order they were first seen in time (not in reading order). */
    List<Route> routes() {
        return Arrays.stream(byFirstSeen()).mapToObj(seen::get).toList();
    }

    /** Every route change, in time order. */
    List<Change> changes() {
        int[] rank = rankOf(byFirstSeen());
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b])); // stable: ties keep log order
        List<Change> changes = new ArrayList<>();
        for (int k = 1; k < count; k++) {
            int before = routeIds[order[k - 1]];
            int after = routeIds[order[k]];
            if (!sameRoute(seen.get(before).steps(), seen.get(after).steps())) {
                changes.add(new Change(times[order[k]], rank[before], rank[after]));
            }
        }
        return changes;
    }

    /** The route in force first (index in {@link #routes()}), or -1 when the host was never traced. */
    int firstRoute() {
        return count == 0 ? -1 : 0;
    }

    private int[] byFirstSeen() {
        return java.util.stream.IntStream.range(0, seen.size()).boxed()
                .sorted(java.util.Comparator.comparingDouble(id -> seen.get(id).firstSeen()))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] rankOf(int[] order) {
        int[] rank = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }

    /** Which trace records show the same route: the steps as printed, RTTs aside. */
    private static String shape(List<LogRecord.Trace.Step> steps) {
        StringJoiner text = new StringJoiner(" ");
        steps.forEach(step -> text.add(step.address() == null ? "*" : step.address()));
        return text.toString();
    }

    /** The same route unless some hop answered in both with different addresses. */
    static boolean sameRoute(List<LogRecord.Trace.Step> one, List<LogRecord.Trace.Step> other) {
        int common = Math.min(one.size(), other.size());
        for (int hop = 0; hop < common; hop++) {
            String mine = one.get(hop).address();
            String theirs = other.get(hop).address();
            if (mine != null && theirs != null && !mine.equals(theirs)) {
                return false;
            }
        }
        return true;
    }
}
