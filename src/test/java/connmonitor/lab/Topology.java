package connmonitor.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lab on paper: nodes, numbered wires between them, their addresses and every node's routes.
 * Pure data, no side effects, so the addressing and routing rules can be tested without root.
 *
 * <p>Wire number n (1, 2, ... in declaration order) gets 10.0.n.0/24 and fd00:0:0:n::/64;
 * its first end has host part 1, its second end host part 2. In each node, the interface on a wire
 * is named after the node at the other end (in client, {@code dev r1} leads to r1).
 */
record Topology(Map<String, Node> nodes, List<Wire> wires) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,14}");
    static final int MAX_WIRES = 254;

    record Node(String name, boolean router) {
    }

    record Wire(int number, String a, String b, Link link) {

        boolean touches(String node) {
            return a.equals(node) || b.equals(node);
        }

        String other(String node) {
            return a.equals(node) ? b : a;
        }

        String ipv4(String node) {
            return "10.0." + number + "." + hostPart(node);
        }

        String ipv6(String node) {
            return "fd00:0:0:" + Integer.toHexString(number) + "::" + hostPart(node);
        }

        String subnet4() {
            return "10.0." + number + ".0/24";
        }

        String subnet6() {
            return "fd00:0:0:" + Integer.toHexString(number) + "::/64";
        }

        private int hostPart(String node) {
            if (!touches(node)) {
                throw new IllegalArgumentException(node + " is not an end of wire " + a + "-" + b);
            }
            return a.equals(node) ? 1 : 2;
        }
    }

    /** One route of one node: to a wire's subnet, through a neighbour. */
    record Route(Wire to, String via, Wire through) {
    }

    Topology {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        wires = List.copyOf(wires);
    }

    static Topology of(List<Node> nodeList, List<Wire> wireList) {
        Map<String, Node> byName = new LinkedHashMap<>();
        for (Node node : nodeList) {
            if (!NAME.matcher(node.name()).matches() || node.name().equals("lo")) {
                throw new IllegalArgumentException("node name must be 1-15 lowercase letters/digits starting"
                        + " with a letter (it names interfaces), got '" + node.name() + "'");
            }
            if (byName.put(node.name(), node) != null) {
                throw new IllegalArgumentException("node " + node.name() + " declared twice");
            }
        }
        Set<String> pairs = new HashSet<>();
        for (Wire wire : wireList) {
            for (String end : List.of(wire.a(), wire.b())) {
                if (!byName.containsKey(end)) {
                    throw new IllegalArgumentException("link " + wire.a() + "-" + wire.b() + ": no node " + end);
                }
            }
            if (wire.a().equals(wire.b())) {
                throw new IllegalArgumentException("link from " + wire.a() + " to itself");
            }
            String key = wire.a().compareTo(wire.b()) < 0 ? wire.a() + " " + wire.b() : wire.b() + " " + wire.a();
            if (!pairs.add(key)) {
                throw new IllegalArgumentException("nodes " + wire.a() + " and " + wire.b() + " are linked twice");
            }
        }
        if (wireList.size() > MAX_WIRES) {
            throw new IllegalArgumentException("at most " + MAX_WIRES + " links, got " + wireList.size());
        }
        for (String name : byName.keySet()) {
            if (wireList.stream().noneMatch(w -> w.touches(name))) {
                throw new IllegalArgumentException("node " + name + " has no link");
            }
        }
        return new Topology(byName, wireList);
    }

    Node node(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name + " in this lab (nodes: " + nodes.keySet() + ")");
        }
        return node;
    }

    Wire wire(String x, String y) {
        node(x);
        node(y);
        return wires.stream().filter(w -> w.touches(x) && w.touches(y)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no link between " + x + " and " + y));
    }

    /** The wires of a node, in declaration order; the first one gives the node's main address. */
    List<Wire> wiresOf(String name) {
        node(name);
        return wires.stream().filter(w -> w.touches(name)).toList();
    }

    InetAddress ipv4(String node, String peer) {
        return literal(wire(node, peer).ipv4(node));
    }

    InetAddress ipv6(String node, String peer) {
        return literal(wire(node, peer).ipv6(node));
    }

    /**
     * Routes of {@code from} to every wire it is not on, along shortest paths (fewest hops);
     * ties go to the wire declared first, so the result is the same on every run.
     */
    List<Route> routesOf(String from) {
        Map<String, Wire> firstWire = firstWireTowards(from);
        Map<String, Integer> hops = hopsFrom(from);
        List<Route> routes = new ArrayList<>();
        for (Wire target : wires) {
            if (target.touches(from)) {
                continue;
            }
            String nearEnd = hops.getOrDefault(target.b(), Integer.MAX_VALUE)
                    < hops.getOrDefault(target.a(), Integer.MAX_VALUE) ? target.b() : target.a();
            Wire through = firstWire.get(nearEnd);
            if (through != null) {
                routes.add(new Route(target, through.other(from), through));
            }
        }
        return routes;
    }

    /**
     * Like {@link #routesOf} but keeping every tie: for each wire {@code from} is not on, every
     * neighbour on a shortest path to it (in declaration order of the wires towards them). A wire
     * with two or more entries gets a multipath route in a lab built with {@code multipath()}.
     */
    Map<Wire, List<Route>> equalCostRoutesOf(String from) {
        Map<String, Integer> hops = hopsFrom(from);
        Map<Wire, List<Route>> routes = new LinkedHashMap<>();
        for (Wire target : wires) {
            if (target.touches(from) || !hops.containsKey(target.a())) {
                continue;
            }
            int distance = distanceTo(hops, target);
            List<Route> ties = new ArrayList<>();
            for (Wire first : wiresOf(from)) {
                String neighbour = first.other(from);
                if (distanceTo(hopsFrom(neighbour), target) == distance - 1) {
                    ties.add(new Route(target, neighbour, first));
                }
            }
            routes.put(target, List.copyOf(ties));
        }
        return routes;
    }

    private static int distanceTo(Map<String, Integer> hops, Wire wire) {
        return Math.min(hops.getOrDefault(wire.a(), Integer.MAX_VALUE), hops.getOrDefault(wire.b(), Integer.MAX_VALUE));
    }

    /** Breadth-first from a node: for every reachable node, the wire of {@code from} its path starts on. */
    private Map<String, Wire> firstWireTowards(String from) {
        Map<String, Wire> first = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>(List.of(from));
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (Wire wire : wires) {
                if (!wire.touches(current)) {
                    continue;
                }
                String next = wire.other(current);
                if (seen.add(next)) {
                    first.put(next, current.equals(from) ? wire : first.get(current));
                    queue.add(next);
                }
            }
        }
        return first;
    }

    private Map<String, Integer> hopsFrom(String from) {
        Map<String, Integer> hops = new HashMap<>(Map.of(from, 0));
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (Wire wire : wires) {
                if (wire.touches(current) && !hops.containsKey(wire.other(current))) {
                    hops.put(wire.other(current), hops.get(current) + 1);
                    queue.add(wire.other(current));
                }
            }
        }
        return hops;
    }

    static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal: never resolved through DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + address, e);
        }
    }
}
