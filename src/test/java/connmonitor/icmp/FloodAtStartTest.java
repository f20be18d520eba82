package connmonitor.icmp;

import connmonitor.ping.PingProbe;
import connmonitor.probe.PingResult;
import connmonitor.support.Netns;
import connmonitor.support.Targets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connmonitor that starts while another program floods the machine with echo replies: from socket()
 * until its identifier filter is attached, a raw socket takes every one of them in, and a new JVM
 * (linking its native calls as it goes) takes long enough there for the flood to fill the buffer. Its
 * first burst must still count every reply. The engine runs in a JVM of its own, in a namespace of its
 * own with two {@code ping -f -s 60000} per family; a few seconds.
 */
@Tag("root")
class FloodAtStartTest {

    @Test
    void aNewProcessCountsEveryReplyOfItsFirstBurstDuringAFlood() throws Exception {
        try (Netns netns = Netns.create()) {
            List<Process> floods = new ArrayList<>();
            try {
                for (String loopback : List.of("127.0.0.1", "127.0.0.1", "::1", "::1")) {
                    floods.add(new ProcessBuilder(netns.command("ping", "-q", "-f", "-s", "60000", loopback))
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                }
                Thread.sleep(200);
                String java = ProcessHandle.current().info().command().orElse("java");
                String options = "@" + Path.of(System.getProperty("connmonitor.jvm.args", "src/main/jvm/connmonitor.args"))
                        .toAbsolutePath();
                Process child = new ProcessBuilder(netns.command(java, options, "-cp",
                        System.getProperty("java.class.path"), FloodAtStartTest.class.getName(), "127.0.0.2", "::1"))
                        .redirectErrorStream(true).start();
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(floods).as("the flood went on throughout").allMatch(Process::isAlive);
                assertThat(output.strip()).isEqualTo("127.0.0.2: received 5 of 5\n::1: received 5 of 5");
            } finally {
                for (Process flood : floods) {
                    flood.destroy();
                    flood.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The child: a new engine's first bursts, one per host, as a daemon's first measurements would be. */
    public static void main(String[] hosts) throws Exception {
        try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace)) {
            List<CompletableFuture<PingResult>> bursts = new ArrayList<>();
            for (String host : hosts) {
                bursts.add(new PingProbe(engine).measure(Targets.of(host, Targets.pings(5, 41))));
            }
            for (int i = 0; i < hosts.length; i++) {
                PingResult result = bursts.get(i).get(10, TimeUnit.SECONDS);
                System.out.println(hosts[i] + ": received " + result.received() + " of " + result.sent());
            }
        }
    }
}
