package connmonitor.trace;

import connmonitor.probe.PathSetResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the paths of many flows into the distinct paths they show. A {@code *} matches anything
 * ({@link PathSetResult#sameRoute}), so a flow that lost a probe is not a path of its own: it fills in the one
 * path it matches, or, when it matches several (its silent hop is where they differ), adds nothing. Flows
 * with fewer silent hops go first, so the paths are built from the most complete flows. Pure.
 */
final class PathMerger {

    private static final Comparator<List<InetAddress>> MOST_COMPLETE_FIRST =
            Comparator.comparingLong(PathMerger::silentHops);

    private PathMerger() {
    }

    /** The distinct paths of these flows, each with its silent hops filled in from the flows that match it. */
    static List<List<InetAddress>> distinct(List<List<InetAddress>> flowPaths) {
        List<List<InetAddress>> flows = new ArrayList<>(flowPaths);
        flows.sort(MOST_COMPLETE_FIRST);
        List<List<InetAddress>> paths = new ArrayList<>();
        for (List<InetAddress> flow : flows) {
            List<List<InetAddress>> matching = paths.stream().filter(path -> PathSetResult.sameRoute(path, flow))
                    .toList();
            if (matching.isEmpty()) {
                paths.add(new ArrayList<>(flow));
            } else if (matching.size() == 1) {
                fillIn(matching.getFirst(), flow);
            }
        }
        return paths;
    }

    /** Fills the path's silent hops with what the flow got there ({@link PathSetResult#filledIn}). */
    private static void fillIn(List<InetAddress> path, List<InetAddress> flow) {
        List<InetAddress> merged = PathSetResult.filledIn(path, flow);
        path.clear();
        path.addAll(merged);
    }

    private static long silentHops(List<InetAddress> path) {
        return path.stream().filter(hop -> hop == null).count();
    }
}
