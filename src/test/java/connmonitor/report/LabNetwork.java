package connmonitor.report;

import connmonitor.support.Netns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small lab of network namespaces, all made here and removed on close: a monitor, two routers and a lab
 * host ({@link #HOST}) behind both. The monitor reaches the host through router 1 until {@link #switchRoute()}
 * sends it through router 2; {@link #lossy(boolean)} makes the host drop 30 % of its echo replies to ping
 * bursts (41-byte payload: 69-byte IP packets), but not those to trace probes. No address here exists
 * outside these namespaces.
 */
final class LabNetwork implements AutoCloseable {

    static final String HOST = "10.77.9.9";
    static final String ROUTER_1 = "10.77.1.2";
    static final String ROUTER_2 = "10.77.2.2";

    final Netns monitor;
    private final Netns router1;
    private final Netns router2;
    private final Netns host;
    private boolean lossRule;

    private LabNetwork(List<Netns> made) {
        monitor = made.get(0);
        router1 = made.get(1);
        router2 = made.get(2);
        host = made.get(3);
    }

    static LabNetwork create() throws IOException, InterruptedException {
        List<Netns> made = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                made.add(Netns.create());
            }
            LabNetwork lab = new LabNetwork(made);
            lab.wire();
            return lab;
        } catch (IOException | InterruptedException | RuntimeException failed) {
            for (Netns netns : made) {
                netns.close();
            }
            throw failed;
        }
    }

    private void wire() throws IOException, InterruptedException {
        link(monitor, "a1", "10.77.1.1/24", router1, "r1a", "10.77.1.2/24");
        link(monitor, "a2", "10.77.2.1/24", router2, "r2a", "10.77.2.2/24");
        link(router1, "r1d", "10.77.3.1/24", host, "d1", "10.77.3.9/24");
        link(router2, "r2d", "10.77.4.1/24", host, "d2", "10.77.4.9/24");
        host.run("ip", "addr", "add", HOST + "/32", "dev", "lo");
        for (Netns router : List.of(router1, router2)) {
            router.sysctl("net.ipv4.ip_forward", "1");
            // every trace probe gets its time-exceeded: no '*' from rate limiting, so no invented route changes
            router.sysctl("net.ipv4.icmp_ratelimit", "0");
        }
        router1.run("ip", "route", "add", HOST + "/32", "via", "10.77.3.9");
        router2.run("ip", "route", "add", HOST + "/32", "via", "10.77.4.9");
        host.run("ip", "route", "add", "10.77.1.0/24", "via", "10.77.3.1");
        host.run("ip", "route", "add", "10.77.2.0/24", "via", "10.77.4.1");
        monitor.run("ip", "route", "add", HOST + "/32", "via", ROUTER_1);
        host.run("nft", "add", "table", "ip", "lab");
        host.run("nft", "add", "chain", "ip", "lab", "out", "{ type filter hook output priority 0; }");
    }

    private static void link(Netns a, String aName, String aAddress, Netns b, String bName, String bAddress)
            throws IOException, InterruptedException {
        a.run("ip", "link", "add", aName, "type", "veth", "peer", "name", bName, "netns", b.name());
        a.run("ip", "addr", "add", aAddress, "dev", aName);
        a.run("ip", "link", "set", aName, "up");
        b.run("ip", "addr", "add", bAddress, "dev", bName);
        b.run("ip", "link", "set", bName, "up");
    }

    /** The host drops about 30 % of its replies to ping bursts, or none. */
    void lossy(boolean on) throws IOException, InterruptedException {
        if (on == lossRule) {
            return;
        }
        if (on) {
            host.run("nft", "add", "rule", "ip", "lab", "out", "icmp", "type", "echo-reply", "ip", "length", "69",
                    "numgen", "random", "mod", "10", "<", "3", "drop");
        } else {
            host.run("nft", "flush", "chain", "ip", "lab", "out");
        }
        lossRule = on;
    }

    /** From now on the monitor reaches the host through router 2. */
    void switchRoute() throws IOException, InterruptedException {
        monitor.run("ip", "route", "replace", HOST + "/32", "via", ROUTER_2);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // deleting a namespace deletes its ends of the veth pairs, and so the pairs
        for (Netns netns : List.of(monitor, router1, router2, host)) {
            netns.close();
        }
    }
}
