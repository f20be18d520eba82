package connmonitor.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes of a lab's nodes, and the links that carry them: the initial shortest-path routes
 * (multipath where paths tie, in a lab built with {@code multipath()}), route changes, and links
 * taken down and up again at run time.
 *
 * <p>A link goes down the way a cable is pulled: {@code ip link set down} at both ends. The kernel
 * then drops every route through it, except that a multipath route keeps the next hop marked
 * {@code dead} and sends everything over the others (IPv4 and IPv6 alike; IPv6 addresses stay because
 * the lab sets {@code keep_addr_on_down}). When the link comes back up, dead next hops revive by
 * themselves, but single-path routes the kernel deleted do not: both ends get the lab's initial
 * routes again ({@code ip route replace}), which also undoes a {@link Lab#route} change there.
 */
final class Routing {

    private static final Duration CARRIER_TIMEOUT = Duration.ofSeconds(5);

    private Routing() {
    }

    /** The {@code ip -batch} lines giving a node its initial routes; verb "add" or "replace". */
    static List<String> initialRoutes(Lab lab, String node, String verb) {
        List<String> lines = new ArrayList<>();
        if (!lab.multipath()) { // ties go to the wire declared first
            for (Topology.Route route : lab.topology().routesOf(node)) {
                lines.add(single(verb, route, true));
                lines.add(single(verb, route, false));
            }
            return lines;
        }
        for (Map.Entry<Topology.Wire, List<Topology.Route>> entry : lab.topology().equalCostRoutesOf(node).entrySet()) {
            List<Topology.Route> ties = entry.getValue();
            if (ties.size() == 1) {
                lines.add(single(verb, ties.getFirst(), true));
                lines.add(single(verb, ties.getFirst(), false));
                continue;
            }
            StringBuilder v4 = new StringBuilder("route " + verb + " " + entry.getKey().subnet4());
            StringBuilder v6 = new StringBuilder("route " + verb + " " + entry.getKey().subnet6());
            for (Topology.Route route : ties) {
                v4.append(" nexthop via ").append(route.through().ipv4(route.via())).append(" dev ").append(route.via());
                v6.append(" nexthop via ").append(route.through().ipv6(route.via())).append(" dev ").append(route.via());
            }
            lines.add(v4.toString());
            lines.add(v6.toString());
        }
        return lines;
    }

    private static String single(String verb, Topology.Route route, boolean ipv4) {
        return "route " + verb + " " + (ipv4 ? route.to().subnet4() : route.to().subnet6()) + " via "
                + (ipv4 ? route.through().ipv4(route.via()) : route.through().ipv6(route.via())) + " dev " + route.via();
    }

    /** Sends {@code node}'s traffic for every subnet of {@code destination} through {@code via}, both families. */
    static void reroute(Lab lab, String node, String destination, String via) {
        Topology.Wire first = lab.topology().wire(node, via);
        List<String> lines = new ArrayList<>();
        for (Topology.Wire target : lab.topology().wiresOf(destination)) {
            if (target.touches(node)) {
                continue;
            }
            lines.add("route replace " + target.subnet4() + " via " + first.ipv4(via) + " dev " + via);
            lines.add("route replace " + target.subnet6() + " via " + first.ipv6(via) + " dev " + via);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(destination + " is a neighbour of " + node + ": nothing to route");
        }
        batch(lab, node, lines);
    }

    /** Takes the links down at both ends (each given as its two nodes). */
    static void down(Lab lab, List<Topology.Wire> wires) {
        for (Topology.Wire wire : wires) {
            setLink(lab, wire.a(), wire.b(), "down");
            setLink(lab, wire.b(), wire.a(), "down");
        }
    }

    /** Brings the links up at both ends, waits until they carry packets, then restores their ends' routes. */
    static void up(Lab lab, List<Topology.Wire> wires) {
        Set<String> ends = new LinkedHashSet<>();
        for (Topology.Wire wire : wires) {
            setLink(lab, wire.a(), wire.b(), "up");
            setLink(lab, wire.b(), wire.a(), "up");
            ends.add(wire.a());
            ends.add(wire.b());
        }
        for (Topology.Wire wire : wires) {
            awaitCarrier(lab, wire.a(), wire.b());
            awaitCarrier(lab, wire.b(), wire.a());
        }
        for (String node : ends) {
            batch(lab, node, initialRoutes(lab, node, "replace"));
        }
    }

    static void batch(Lab lab, String node, List<String> lines) {
        if (!lines.isEmpty()) {
            Shell.run(List.of("ip", "-n", lab.namespace(node), "-batch", "-"), String.join("\n", lines) + "\n",
                    Shell.TIMEOUT).orThrow();
        }
    }

    /** In {@code node}, sets the interface towards {@code peer} up or down. */
    private static void setLink(Lab lab, String node, String peer, String state) {
        Shell.run(List.of("ip", "-n", lab.namespace(node), "link", "set", "dev", peer, state)).orThrow();
    }

    /** The kernel brings an interface up asynchronously; until then it drops what is sent through it. */
    private static void awaitCarrier(Lab lab, String node, String peer) {
        long deadline = System.nanoTime() + CARRIER_TIMEOUT.toNanos();
        while (true) {
            String link = Shell.run(List.of("ip", "-n", lab.namespace(node), "-o", "link", "show", "dev", peer, "up"))
                    .orThrow().stdout();
            if (!link.isBlank() && !link.contains("NO-CARRIER")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("interface " + peer + " of " + node + " did not come up: " + link);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + node, e);
            }
        }
    }
}
