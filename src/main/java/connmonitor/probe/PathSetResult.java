package connmonitor.probe;

import connmonitor.config.Addresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Every distinct path to a host that a multipath run ({@code paths=}) found, each the addresses that answered
 * from TTL 1 up to the host (or a router that said it is unreachable); a {@code null} hop is one that no flow
 * on that path got an answer at ({@code *}). Sorted in the string order of their printed hops, so equal sets
 * print equally.
 *
 * @param flows  flow identifiers (source ports, or ICMP checksums) tried in the run
 * @param probes packets sent in the run
 */
public record PathSetResult(List<List<InetAddress>> paths, int flows, int probes) implements Measurement {

    /** How a path's hops are ordered: by their printed text, hop by hop, {@code *} as "*". */
    private static final Comparator<List<InetAddress>> STRING_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = text(a.get(i)).compareTo(text(b.get(i)));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    public PathSetResult {
        List<List<InetAddress>> sorted = new ArrayList<>(paths.size());
        for (List<InetAddress> path : paths) {
            sorted.add(Collections.unmodifiableList(new ArrayList<>(path))); // null hops are allowed
        }
        sorted.sort(STRING_ORDER);
        paths = List.copyOf(sorted);
    }

    @Override
    public Kind kind() {
        return Kind.PATHS;
    }

    /** A hop as records print it: the address, or {@code *}. */
    public static String text(InetAddress hop) {
        return hop == null ? "*" : Addresses.format(hop);
    }

    /**
     * Whether two paths may be the same path: at every hop where both got an answer the addresses are equal
     * ({@code *} matches anything), and the hops the longer one has beyond the shorter are silent or the
     * shorter's last hop. So the host met one hop later because the probe that would have met it sooner was
     * lost is the same path, and so is a flow whose probes got no answer from some hop on; a path through
     * another router before the host is not.
     */
    public static boolean sameRoute(List<InetAddress> a, List<InetAddress> b) {
        List<InetAddress> shorter = a.size() <= b.size() ? a : b;
        List<InetAddress> longer = shorter == a ? b : a;
        for (int hop = 0; hop < shorter.size(); hop++) {
            InetAddress mine = shorter.get(hop);
            InetAddress theirs = longer.get(hop);
            if (mine != null && theirs != null && !mine.equals(theirs)) {
                return false;
            }
        }
        InetAddress end = shorter.isEmpty() ? null : shorter.getLast();
        for (int hop = shorter.size(); hop < longer.size(); hop++) {
            InetAddress beyond = longer.get(hop);
            if (beyond != null && !beyond.equals(end)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this set shows the same paths as another: as many, and each of either matches one of the
     * other ({@link #sameRoute}). Flow and probe counts never matter.
     */
    public boolean samePathsAs(PathSetResult other) {
        if (other == null || other.paths.size() != paths.size()) {
            return false;
        }
        return everyMatches(paths, other.paths) && everyMatches(other.paths, paths);
    }

    /**
     * What to compare the host's next set with after this one, given what was compared with before ({@code known},
     * null for nothing): this set when it shows other paths (or nothing was known), else the known set with the
     * hops its paths lacked filled in from this one's. Kept as it was, a {@code *} would match every later router
     * at that hop, and a path that changed there would never show.
     */
    public PathSetResult pathsKnownAfter(PathSetResult known) {
        if (!samePathsAs(known)) {
            return this;
        }
        // Pair each known path with the one new path it can be. A * where two new paths differ could be
        // either, until the other known paths have taken theirs (the sets are the same size); one still open
        // to several learns nothing.
        List<List<InetAddress>> filled = new ArrayList<>(known.paths);
        List<List<InetAddress>> open = new ArrayList<>(paths);
        boolean[] paired = new boolean[filled.size()];
        for (boolean progress = true; progress; ) {
            progress = false;
            for (int i = 0; i < filled.size(); i++) {
                List<InetAddress> path = filled.get(i);
                List<List<InetAddress>> candidates = paired[i] ? List.of()
                        : open.stream().filter(mine -> sameRoute(path, mine)).toList();
                if (candidates.size() == 1) {
                    filled.set(i, filledIn(path, candidates.getFirst()));
                    open.remove(candidates.getFirst());
                    paired[i] = true;
                    progress = true;
                }
            }
        }
        return new PathSetResult(filled, known.flows, known.probes);
    }

    /**
     * A path's silent hops filled with what another of the same path ({@link #sameRoute}) got there. The shorter
     * of the two decides the length: it met the host sooner (the other lost that probe) or the other got no
     * answers from there on.
     */
    public static List<InetAddress> filledIn(List<InetAddress> path, List<InetAddress> other) {
        int length = Math.min(path.size(), other.size());
        List<InetAddress> merged = new ArrayList<>(length);
        for (int hop = 0; hop < length; hop++) {
            merged.add(path.get(hop) != null ? path.get(hop) : other.get(hop));
        }
        return merged;
    }

    private static boolean everyMatches(List<List<InetAddress>> these, List<List<InetAddress>> those) {
        for (List<InetAddress> path : these) {
            if (those.stream().noneMatch(other -> sameRoute(path, other))) {
                return false;
            }
        }
        return true;
    }
}
