package connmonitor.trace;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The stopping rule of Paris traceroute's Multipath Detection Algorithm (Augustin, Friedman, Teixeira,
 * "Multipath tracing with Paris traceroute", 2007), for flows traced whole: each flow is one trace (TTL 1 up
 * to the host) with one flow identifier. A hop that sent flows to k distinct next hops might have k + 1;
 * after n_k flows through it, all of them would have shown with 95 % confidence, assuming it spreads flows
 * evenly. So while some hop has fewer flows through it than n_k of its next hops seen, more flows are needed.
 * Pure: it reads flow paths and counts, nothing else.
 */
public final class MultipathRule {

    /** The chance, per hop, of stopping before every next hop was seen: 5 % (95 % confidence). */
    static final double FAILURE_BOUND = 0.05;
    private static final int[] FLOWS_NEEDED = table(64);

    private MultipathRule() {
    }

    /**
     * n_k: flows through a hop that showed {@code successors} (k >= 1) next hops before it is taken to have no
     * other: the least n for which k + 1 equally likely next hops fail to all show in n flows with a chance of
     * at most {@link #FAILURE_BOUND}. 6, 11, 16, 21, 27, 33, 38, 44, 51, 57, 63, 70, ... as the paper's table.
     */
    public static int flowsNeeded(int successors) {
        if (successors < 1) {
            throw new IllegalArgumentException("a hop has at least one next hop: " + successors);
        }
        return successors < FLOWS_NEEDED.length ? FLOWS_NEEDED[successors] : Integer.MAX_VALUE;
    }

    private static int[] table(int size) {
        int[] needed = new int[size];
        for (int k = 1; k < size; k++) {
            int n = k + 1;
            while (missChance(k + 1, n) > FAILURE_BOUND) {
                n++;
            }
            needed[k] = n;
        }
        return needed;
    }

    /** The chance that some of {@code hops} equally likely next hops gets none of {@code flows} (inclusion-exclusion). */
    static double missChance(int hops, int flows) {
        double chance = 0;
        double choose = 1;
        for (int i = 1; i <= hops; i++) {
            choose = choose * (hops - i + 1) / i;
            double term = choose * Math.pow(1 - (double) i / hops, flows);
            chance += i % 2 == 1 ? term : -term;
        }
        return chance;
    }

    /**
     * How many more flows to trace, 0 when every hop has had its n_k. Each flow path lists the address that
     * answered at each TTL from 1 ({@code null}: no answer). A hop is an address at a TTL; its flows are those
     * that met it and got an answer at the next TTL, and its next hops the addresses they met there. The
     * source is the hop before TTL 1. A hop that carries a share p of the flows needs (n_k - flows) / p more
     * flows on average to get its n_k; the answer is the most any hop needs.
     */
    public static int moreFlows(List<List<InetAddress>> flowPaths) {
        int total = flowPaths.size();
        if (total == 0) {
            return flowsNeeded(1);
        }
        Map<Vertex, Set<InetAddress>> successors = new HashMap<>();
        Map<Vertex, Integer> through = new HashMap<>();
        for (List<InetAddress> path : flowPaths) {
            for (int ttl = 0; ttl < path.size(); ttl++) {
                InetAddress next = path.get(ttl);
                InetAddress here = ttl == 0 ? null : path.get(ttl - 1);
                if (next == null || ttl > 0 && here == null) {
                    continue; // a silent hop tells nothing of where its flows went, nor where they came from
                }
                Vertex vertex = new Vertex(ttl, here);
                successors.computeIfAbsent(vertex, unused -> new HashSet<>()).add(next);
                through.merge(vertex, 1, Integer::sum);
            }
        }
        long most = 0;
        for (Map.Entry<Vertex, Set<InetAddress>> hop : successors.entrySet()) {
            int flows = through.get(hop.getKey());
            long needed = flowsNeeded(hop.getValue().size());
            if (flows < needed) {
                long more = needed == Integer.MAX_VALUE ? Integer.MAX_VALUE
                        : (long) Math.ceil((needed - flows) * (double) total / flows);
                most = Math.max(most, more);
            }
        }
        return (int) Math.min(most, Integer.MAX_VALUE);
    }

    /** A hop: the address that answered at a TTL (TTL 0, no address: the source). */
    private record Vertex(int ttl, InetAddress address) {
        Vertex {
            Objects.checkIndex(ttl, 256);
        }
    }
}
