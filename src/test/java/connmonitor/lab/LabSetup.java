package connmonitor.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Topology} into namespaces, wires, addresses and routes, recording everything it
 * makes in the {@link Lab} as it goes, so that a failure halfway leaves nothing the lab cannot remove.
 */
final class LabSetup {

    /** Kernel settings of every node: no rate limit on ICMP errors, no reverse-path filter. */
    private static final List<String> COMMON_SYSCTLS = List.of(
            "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
            "net.ipv4.icmp_ratelimit=0", "net.ipv4.icmp_msgs_per_sec=1000000", "net.ipv4.icmp_msgs_burst=1000000",
            "net.ipv6.icmp.ratelimit=0",
            // a link taken down (Lab.linkDown) keeps its IPv6 addresses, as its IPv4 ones, for when it comes back
            "net.ipv6.conf.all.keep_addr_on_down=1", "net.ipv6.conf.default.keep_addr_on_down=1",
            "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
            "net.ipv6.conf.all.accept_ra=0", "net.ipv6.conf.default.accept_ra=0",
            // keep links quiet so emulator counters count test traffic only: no router
            // solicitations, and the unsolicited MLD reports of an interface all sent as it comes up
            "net.ipv6.conf.all.router_solicitations=0", "net.ipv6.conf.default.router_solicitations=0",
            "net.ipv6.conf.default.mldv1_unsolicited_report_interval=1",
            "net.ipv6.conf.default.mldv2_unsolicited_report_interval=1",
            // lets any user open ICMP datagram ("ping") sockets, as on most distributions' hosts
            "net.ipv4.ping_group_range=0 2147483647");
    /**
     * Routers forward, and answer an IPv4 trace from the interface the probe came in on, so a trace
     * shows the forward path even when the way back differs (IPv6 has no such switch: the kernel
     * answers from the interface towards the sender).
     */
    private static final List<String> ROUTER_SYSCTLS = List.of(
            "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
            "net.ipv4.icmp_errors_use_inbound_ifaddr=1",
            // multipath routes (labs built with multipath()) spread flows by addresses and ports, as
            // ECMP routers do; "1" is the L4 hash: one flow keeps its path, flows differing in a port spread
            "net.ipv4.fib_multipath_hash_policy=1", "net.ipv6.fib_multipath_hash_policy=1");

    private static final Duration CARRIER_TIMEOUT = Duration.ofSeconds(5);
    /** Packets an emulated link's TUN devices queue before the kernel drops (see interfaceCommands). */
    static final int TUN_QUEUE = 20_000;

    private final Lab lab;
    private final Topology topology;

    private LabSetup(Lab lab) {
        this.lab = lab;
        this.topology = lab.topology();
    }

    static void wire(Lab lab) throws IOException {
        new LabSetup(lab).run();
    }

    private void run() throws IOException {
        for (String node : topology.nodes().keySet()) {
            lab.addNamespace(node);
            Namespaces.create(lab.namespace(node));
            lab.exec(node, sysctlCommand(node)).orThrow();
        }
        for (Topology.Wire wire : topology.wires()) {
            switch (wire.link()) {
                case Link.Direct direct -> veth(wire);
                case Link.Emulated emulated -> emulated(wire, emulated);
            }
        }
        for (String node : topology.nodes().keySet()) {
            Routing.batch(lab, node, interfaceCommands(node));
        }
        for (String node : topology.nodes().keySet()) {
            Routing.batch(lab, node, Routing.initialRoutes(lab, node, "add"));
        }
        for (String node : topology.nodes().keySet()) {
            awaitCarrier(node);
        }
        for (Emulator emulator : lab.emulators().values()) { // count test traffic, not the set-up's
            emulator.aToB().reset();
            emulator.bToA().reset();
        }
    }

    /**
     * Waits until the kernel has brought every interface of the node fully up. The kernel does that
     * asynchronously (up to a second later), and until then it silently drops what is sent, e.g.
     * the first neighbour solicitation, which would make the first IPv6 ping take a second.
     */
    private void awaitCarrier(String node) {
        long deadline = System.nanoTime() + CARRIER_TIMEOUT.toNanos();
        while (true) {
            String links = Shell.run(List.of("ip", "-n", lab.namespace(node), "-o", "link", "show", "up"))
                    .orThrow().stdout();
            long up = links.lines().filter(l -> !l.contains("NO-CARRIER")).count();
            if (up == topology.wiresOf(node).size() + 1) { // + lo
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("interfaces of " + node + " did not come up: " + links);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + node, e);
            }
        }
    }

    private String[] sysctlCommand(String node) {
        List<String> command = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        command.addAll(COMMON_SYSCTLS);
        if (topology.node(node).router()) {
            command.addAll(ROUTER_SYSCTLS);
        }
        return command.toArray(String[]::new);
    }

    /** A veth pair made straight inside both namespaces: no name ever appears in the root namespace. */
    private void veth(Topology.Wire wire) {
        Shell.run(List.of("ip", "link", "add", wire.b(), "netns", lab.namespace(wire.a()), "type", "veth",
                "peer", "name", wire.a(), "netns", lab.namespace(wire.b()))).orThrow();
    }

    /**
     * Two TUN devices, one in each namespace, named after the node at the other end; the emulator
     * keeps their descriptors and forwards between them. Closing the descriptors deletes them.
     */
    private void emulated(Topology.Wire wire, Link.Emulated spec) throws IOException {
        Emulator emulator = new Emulator(wire.a(), wire.b(), spec);
        lab.addEmulator(wire, emulator);
        Tun inA = Tun.createIn(lab.namespace(wire.a()), wire.b());
        Tun inB;
        try {
            inB = Tun.createIn(lab.namespace(wire.b()), wire.a());
        } catch (IOException | RuntimeException e) {
            inA.close();
            throw e;
        }
        emulator.start(inA, inB);
    }

    private List<String> interfaceCommands(String node) {
        List<String> lines = new ArrayList<>(List.of("link set dev lo up"));
        for (Topology.Wire wire : topology.wiresOf(node)) {
            String device = wire.other(node);
            lines.add("addr add " + wire.ipv4(node) + "/24 dev " + device);
            lines.add("addr add " + wire.ipv6(node) + "/64 dev " + device + " nodad");
            // a TUN device queues 500 packets by default: a pause of the emulator's thread (it runs in the test's
            // JVM, so a collection stops it too) of 0.1 s at 5,000 packets/s overflowed it and the kernel dropped
            // what came next (EngineShardsTest, 40 of 3,000, the device's TX dropped counter); 20,000 absorbs
            // pauses of seconds at such rates without changing what the emulator does with the packets
            String queue = wire.link() instanceof Link.Emulated ? " txqueuelen " + TUN_QUEUE : "";
            lines.add("link set dev " + device + queue + " up");
        }
        return lines;
    }
}
