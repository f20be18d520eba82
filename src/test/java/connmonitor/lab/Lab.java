package connmonitor.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A network lab: one network namespace per node, wired by veth pairs or emulated links, with IPv4
 * and IPv6 addresses and shortest-path routes from every node to every other node. Closing it
 * (or the JVM exiting) removes everything it made: processes, emulators, devices, namespaces.
 *
 * <pre>{@code
 * try (Lab lab = Lab.builder().host("client").router("r1").host("server")
 *         .link("client", "r1")
 *         .link("r1", "server", Link.emulated().delay(Duration.ofMillis(10)))
 *         .build()) {
 *     ExecResult ping = lab.exec("client", "ping", "-c", "3", lab.ipv4("server").getHostAddress());
 *     lab.emulator("r1", "server").direction("server").set(Impairment.none().loss(30));
 * }
 * }</pre>
 * Addresses: link n (declaration order, from 1) is 10.0.n.0/24 and fd00:0:0:n::/64, its first end
 * .1/::1, its second end .2/::2. In every node the interface towards a neighbour is named after it.
 * Routers forward both families; every node answers and sends ICMP errors without rate limits.
 */
public final class Lab implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final Topology topology;
    private final boolean multipath;
    private final String prefix;
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final Map<Topology.Wire, Emulator> emulators = new LinkedHashMap<>();
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "lab-teardown");
    private boolean closed;

    private Lab(Topology topology, boolean multipath) {
        this.topology = topology;
        this.multipath = multipath;
        this.prefix = Namespaces.newLabPrefix();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The network namespace of a node, for {@code ip netns exec NAMESPACE ...} by hand. */
    public String namespace(String node) {
        topology.node(node);
        return prefix + node;
    }

    /** The node names, in declaration order. */
    public List<String> nodes() {
        return List.copyOf(topology.nodes().keySet());
    }

    /** The node's IPv4 address on its first link (a host's only address, usually). */
    public InetAddress ipv4(String node) {
        return ipv4(node, topology.wiresOf(node).getFirst().other(node));
    }

    /** The node's IPv6 address on its first link. */
    public InetAddress ipv6(String node) {
        return ipv6(node, topology.wiresOf(node).getFirst().other(node));
    }

    /** The node's IPv4 address on its link to {@code peer} (a router answers a trace from there). */
    public InetAddress ipv4(String node, String peer) {
        return topology.ipv4(node, peer);
    }

    /** The node's IPv6 address on its link to {@code peer}. */
    public InetAddress ipv6(String node, String peer) {
        return topology.ipv6(node, peer);
    }

    /** The controls of the emulated link between two nodes (in either order). */
    public Emulator emulator(String a, String b) {
        Emulator emulator = emulators.get(topology.wire(a, b));
        if (emulator == null) {
            throw new IllegalArgumentException("link " + a + "-" + b + " is not emulated (declare it with Link.emulated())");
        }
        return emulator;
    }

    /** Runs a command inside a node's namespace to completion (at most 2 minutes). */
    public ExecResult exec(String node, String... command) {
        return Shell.run(inNamespace(node, command));
    }

    /**
     * Starts a command inside a node's namespace; it is stopped (TERM, then KILL) when the lab closes.
     * Its stdout and stderr are pipes: read them (or use {@link #start(String, ProcessBuilder)} with
     * redirects), or a chatty process blocks once the pipe is full.
     */
    public Process start(String node, String... command) {
        return start(node, new ProcessBuilder(command));
    }

    /** Starts a prepared command (redirects, environment, directory) inside a node's namespace. */
    public Process start(String node, ProcessBuilder builder) {
        builder.command(inNamespace(node, builder.command().toArray(String[]::new)));
        try {
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", builder.command()), e);
        }
    }

    /**
     * Sends {@code node}'s traffic for {@code destination} (every subnet it is on) through the
     * neighbour {@code via} from now on, both families: a route change in the middle of a run.
     */
    public void route(String node, String destination, String via) {
        Routing.reroute(this, node, destination, via);
    }

    /**
     * Takes the link a-b down at both ends ({@code ip link set down}), as a pulled cable: routes through it
     * vanish, a multipath route sends everything over its other next hops. Only the two ends notice: see
     * {@link #isolate} for a path cut both ways. {@link #linkUp} restores the link and both ends' routes.
     */
    public void linkDown(String a, String b) {
        Routing.down(this, List.of(topology.wire(a, b)));
    }

    public void linkUp(String a, String b) {
        Routing.up(this, List.of(topology.wire(a, b)));
    }

    /**
     * Takes every link of a node down at both ends: in a multipath lab the routers on either side send all
     * flows, both ways, over the other equal-cost paths (ECMP preset: isolate r2b, and every flow goes
     * through r2a). {@link #reconnect} brings the links back up and their ends' initial routes with them.
     */
    public void isolate(String node) {
        Routing.down(this, topology.wiresOf(node));
    }

    public void reconnect(String node) {
        Routing.up(this, topology.wiresOf(node));
    }

    /** Makes a node send no ICMP/ICMPv6 time-exceeded (it shows as {@code *} in a trace); nftables. */
    public void silenceTimeExceeded(String node) {
        Filters.silenceTimeExceeded(this, node);
    }

    /**
     * Makes a router drop the ICMP/ICMPv6 echo requests it forwards (nftables), as networks that let
     * TCP and UDP through but not ping do. Its own time-exceeded for TTL 1 still goes out: a TTL runs
     * out before the forward hook.
     */
    public void dropForwardedEchoRequests(String node) {
        Filters.dropForwardedEchoRequests(this, node);
    }

    /**
     * Drops {@code percent} (whole number 0..100) of the packets {@code node} sends to its neighbour
     * {@code peer}, at random, with nftables; replaces an earlier setting for that pair, 0 turns it off.
     */
    public void dropRandomly(String node, String peer, int percent) {
        Filters.dropRandomly(this, node, peer, percent);
    }

    /** A table of nodes, namespaces, addresses and links, as bin/netlab prints it. */
    public String describe() {
        return LabDescription.of(this);
    }

    Topology topology() {
        return topology;
    }

    boolean multipath() {
        return multipath;
    }

    Map<Topology.Wire, Emulator> emulators() {
        return emulators;
    }

    private List<String> inNamespace(String node, String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        full.addAll(Arrays.asList(command));
        return full;
    }

    void addNamespace(String node) {
        namespaces.add(namespace(node));
    }

    synchronized void addEmulator(Topology.Wire wire, Emulator emulator) {
        emulators.put(wire, emulator);
    }

    /**
     * Stops started processes, emulators and every process left in the namespaces, then removes the
     * namespaces (their veth and TUN devices go with them). Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or will run; closing twice is harmless
            }
        }
        Teardown teardown = new Teardown();
        teardown.stopProcesses(started, STOP_GRACE);
        emulators.values().forEach(e -> teardown.attempt(e::close));
        namespaces.forEach(ns -> teardown.attempt(() -> Namespaces.delete(ns)));
        teardown.finish();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("lab teardown: " + e.getMessage());
        }
    }

    /** Collects nodes and links; {@link #build()} makes the lab (or cleans up and throws). */
    public static final class Builder {
        private final List<Topology.Node> nodes = new ArrayList<>();
        private final List<Topology.Wire> wires = new ArrayList<>();
        private Consumer<Lab> afterWiring = lab -> { };
        private boolean multipath;

        private Builder() {
        }

        /** An end host: no forwarding. */
        public Builder host(String name) {
            nodes.add(new Topology.Node(name, false));
            return this;
        }

        /** A router: forwards IPv4 and IPv6, sends ICMP errors without rate limit. */
        public Builder router(String name) {
            nodes.add(new Topology.Node(name, true));
            return this;
        }

        /** A plain veth link. */
        public Builder link(String a, String b) {
            return link(a, b, Link.direct());
        }

        public Builder link(String a, String b, Link link) {
            wires.add(new Topology.Wire(wires.size() + 1, a, b, link));
            return this;
        }

        /**
         * Where shortest paths tie, routes get every tied next hop (Linux multipath routes, flows
         * spread by an L4 hash on every router) instead of the link declared first.
         */
        public Builder multipath() {
            multipath = true;
            return this;
        }

        /** A last step of {@link #build()}, for tests that make a build fail halfway. */
        Builder afterWiring(Consumer<Lab> step) {
            afterWiring = step;
            return this;
        }

        /** Makes the lab; needs root and /dev/net/tun. Removes leftovers of crashed earlier runs first. */
        public Lab build() {
            Topology topology = Topology.of(nodes, wires);
            Namespaces.sweepOrphans();
            Lab lab = new Lab(topology, multipath);
            Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
            try {
                LabSetup.wire(lab);
                afterWiring.accept(lab);
                return lab;
            } catch (IOException | RuntimeException e) {
                try {
                    lab.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e instanceof IOException io ? new UncheckedIOException("cannot build lab: " + io.getMessage(), io)
                        : (RuntimeException) e;
            }
        }
    }
}
