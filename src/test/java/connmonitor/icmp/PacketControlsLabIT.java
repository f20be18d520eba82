package connmonitor.icmp;

import connmonitor.support.Connmonitor;
import connmonitor.support.Netns;
import connmonitor.support.Tcpdump;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * source=, interface=, tos= and ttl= as a server sees them. A client namespace with two links (c1, c2)
 * to a router namespace, which forwards to the server namespace; tcpdump at the server reads the IP
 * headers of pings, traces and scans, IPv4 and IPv6. The route to the server goes through c1; a packet
 * from the c2 address or out of c2 proves the control was applied. One router hop: a TTL arrives one less
 * than it was sent. Scans with interface=c2 (marked by their own TOS, 0x28) are also captured where c2
 * and c1 arrive at the router (r2, r1): they must come in on r2 only, from c2's address.
 */
class PacketControlsLabIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theServerSeesTheChosenSourceTosAndTtl() throws Exception {
        try (Netns client = Netns.create(); Netns router = Netns.create(); Netns server = Netns.create()) {
            wire(client, router, server);
            List<String> packets = new CopyOnWriteArrayList<>();
            Process capture = tcpdump(server, "-i", "t3",
                    "icmp[0] == 8 or (icmp6 and ip6[40] == 128) or (tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0) "
                            + "or (ip6 and tcp dst port 80)");
            Thread reader = Thread.ofVirtual().start(() -> readPackets(capture, packets));
            List<String> onR2 = new CopyOnWriteArrayList<>();
            List<String> onR1 = new CopyOnWriteArrayList<>();
            Process captureR2 = tcpdump(router, "-i", "r2", "tcp dst port 80");
            Process captureR1 = tcpdump(router, "-i", "r1", "tcp dst port 80");
            Thread readerR2 = Thread.ofVirtual().start(() -> readPackets(captureR2, onR2));
            Thread readerR1 = Thread.ofVirtual().start(() -> readPackets(captureR1, onR1));
            Path config = Files.createTempFile("controls", ".conf");
            try {
                Files.writeString(config, """
                        10.71.3.3 ping=300 numpings=2 payload=101 source=10.71.2.2 tos=184 ttl=20 json=1
                        10.71.3.3 ping=300 numpings=2 payload=102 interface=c2 json=1
                        fd71:3::3 ping=300 numpings=2 payload=103 source=fd71:2::2 tos=184 ttl=20 json=1
                        fd71:3::3 ping=300 numpings=2 payload=104 interface=c2 json=1
                        10.71.3.3 ping=0 trace=500 hops=3 source=10.71.2.2 tos=184 json=1
                        fd71:3::3 ping=0 trace=500 hops=3 source=fd71:2::2 tos=184 json=1
                        10.71.3.3 ping=0 scan=500 source=10.71.2.2 tos=184 json=1
                        fd71:3::3 ping=0 scan=500 source=fd71:2::2 tos=184 json=1
                        10.71.3.3 ping=0 scan=500 interface=c2 tos=40 json=1
                        fd71:3::3 ping=0 scan=500 interface=c2 tos=40 json=1
                        """);
                try (Connmonitor connmonitor = Connmonitor.start(client.command(Connmonitor.command(config.toString())))) {
                    for (int payload = 101; payload <= 104; payload++) {
                        String marker = "" + payload; // each ping line has its own payload length
                        String record = connmonitor.nextLineMatching(line -> line.contains("\"ping\""), WAIT);
                        assertThat(record).as(marker).contains("\"loss\":0.000000");
                    }
                    // both traces and two rounds of the four scans done, however long a stalled machine took for them
                    // (a fixed 3 s sleep before), then a second for tcpdump to print what it has captured
                    awaitLines(connmonitor, "\"trace\"", 2);
                    awaitLines(connmonitor, "\"scan\"", 8);
                    Thread.sleep(1000);
                    connmonitor.signal("TERM");
                    assertThat(connmonitor.waitFor(WAIT)).isZero();
                    // nothing but the scheduler's own notice when a shared VM starves it (seen at load 20):
                    // no error, and no warning about the controls (interface= applies to scans too)
                    assertThat(connmonitor.stderrLines()).as("stderr")
                            .allMatch(line -> line.startsWith("WW: falling behind:") || line.startsWith("WW: keeping up again:"));
                }
            } finally {
                for (Process tcpdump : List.of(capture, captureR2, captureR1)) {
                    tcpdump.destroy();
                    tcpdump.waitFor();
                }
                reader.join(5000);
                readerR2.join(5000);
                readerR1.join(5000);
                Files.deleteIfExists(config);
            }
            // pings: the source (c2's address, though the route is through c1), TOS and TTL one less than sent
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("tos 0xb8, ttl 19,")
                    .contains("10.71.2.2 > 10.71.3.3: ICMP echo request").contains("length 109"));
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("tos 0x0, ttl 63,")
                    .contains("10.71.2.2 > 10.71.3.3: ICMP echo request").contains("length 110"));
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("class 0xb8").contains("hlim 19,")
                    .contains("payload length: 111").contains("fd71:2::2 > fd71:3::3"));
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("hlim 63,")
                    .contains("payload length: 112").contains("fd71:2::2 > fd71:3::3"));
            // traces: the probe sent with TTL 2 arrives with 1, from the source, with the TOS
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("tos 0xb8, ttl 1,")
                    .contains("10.71.2.2 > 10.71.3.3: ICMP echo request").contains("length 32"));
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("class 0xb8").contains("hlim 1,")
                    .contains("payload length: 32").contains("fd71:2::2 > fd71:3::3"));
            // scans: the connection is bound to the source and carries the TOS
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("tos 0xb8").contains("10.71.2.2.")
                    .contains("> 10.71.3.3.80:"));
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("class 0xb8").contains("fd71:2::2.")
                    .contains("> fd71:3::3.80:"));
            // scans with interface=c2: out of c2 (though the route is through c1), from c2's address, v4 and v6
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("tos 0x28").contains("10.71.2.2.")
                    .contains("> 10.71.3.3.80:"));
            assertThat(packets).anySatisfy(p -> assertThat(p).contains("class 0x28").contains("fd71:2::2.")
                    .contains("> fd71:3::3.80:"));
            assertThat(onR2).anySatisfy(p -> assertThat(p).contains("tos 0x28").contains("10.71.2.2.")
                    .contains("> 10.71.3.3.80:"));
            assertThat(onR2).anySatisfy(p -> assertThat(p).contains("class 0x28").contains("fd71:2::2.")
                    .contains("> fd71:3::3.80:"));
            assertThat(onR1).as("nothing of interface=c2 through c1")
                    .noneMatch(p -> p.contains("tos 0x28") || p.contains("class 0x28"));
            // and nothing left with the kernel's choice of source (the c1 address) for these hosts
            assertThat(packets).noneMatch(p -> p.contains("10.71.1.2 >") || p.contains("fd71:1::2 >"));
        }
    }

    /** tcpdump -l -n -v with these arguments, once it listens. */
    private static Process tcpdump(Netns netns, String... arguments) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of("tcpdump", "-l", "-n", "-v"));
        command.addAll(List.of(arguments));
        return Tcpdump.startListening(netns.command(command), ProcessBuilder.Redirect.PIPE);
    }

    /** Until stdout holds this many lines containing the text. */
    private static void awaitLines(Connmonitor connmonitor, String text, int count) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (connmonitor.stdoutLines().stream().filter(line -> line.contains(text)).count() < count) {
            assertThat(System.nanoTime()).as("%d records with %s", count, text).isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** Joins tcpdump -v's continuation lines: one string per packet. */
    private static void readPackets(Process capture, List<String> packets) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(capture.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder packet = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith(" ") && !line.startsWith("\t") && !packet.isEmpty()) {
                    packets.add(packet.toString());
                    packet.setLength(0);
                }
                packet.append(line).append(' ');
            }
            if (!packet.isEmpty()) {
                packets.add(packet.toString());
            }
        } catch (java.io.IOException closed) {
            // tcpdump ended
        }
    }

    /** client c1, c2 -- router -- t3 server; the client's route to the server is through c1. */
    private static void wire(Netns client, Netns router, Netns server) throws Exception {
        client.run("ip", "link", "add", "c1", "type", "veth", "peer", "name", "r1", "netns", router.name());
        client.run("ip", "link", "add", "c2", "type", "veth", "peer", "name", "r2", "netns", router.name());
        router.run("ip", "link", "add", "r3", "type", "veth", "peer", "name", "t3", "netns", server.name());
        for (String[] a : new String[][] {{"c1", "10.71.1.2/24", "fd71:1::2/64"}, {"c2", "10.71.2.2/24", "fd71:2::2/64"}}) {
            address(client, a);
        }
        for (String[] a : new String[][] {{"r1", "10.71.1.1/24", "fd71:1::1/64"}, {"r2", "10.71.2.1/24", "fd71:2::1/64"},
                {"r3", "10.71.3.1/24", "fd71:3::1/64"}}) {
            address(router, a);
        }
        address(server, new String[] {"t3", "10.71.3.3/24", "fd71:3::3/64"});
        router.sysctl("net.ipv4.ip_forward", "1");
        router.sysctl("net.ipv6.conf.all.forwarding", "1");
        for (String key : new String[] {"all", "default", "r1", "r2", "r3"}) {
            router.sysctl("net.ipv4.conf." + key + ".rp_filter", "0");
        }
        client.run("ip", "route", "add", "10.71.3.0/24", "via", "10.71.1.1", "dev", "c1", "metric", "10");
        client.run("ip", "route", "add", "10.71.3.0/24", "via", "10.71.2.1", "dev", "c2", "metric", "100");
        client.run("ip", "-6", "route", "add", "fd71:3::/64", "via", "fd71:1::1", "dev", "c1", "metric", "10");
        client.run("ip", "-6", "route", "add", "fd71:3::/64", "via", "fd71:2::1", "dev", "c2", "metric", "100");
        server.run("ip", "route", "add", "default", "via", "10.71.3.1");
        server.run("ip", "-6", "route", "add", "default", "via", "fd71:3::1");
    }

    private static void address(Netns netns, String[] link) throws Exception {
        netns.run("ip", "addr", "add", link[1], "dev", link[0]);
        netns.run("ip", "-6", "addr", "add", link[2], "dev", link[0], "nodad");
        netns.run("ip", "link", "set", link[0], "up");
    }
}
