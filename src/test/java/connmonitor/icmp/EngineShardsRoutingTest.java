package connmonitor.icmp;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How many engines a rate needs, and which engine a host goes to: no sockets involved. */
class EngineShardsRoutingTest {

    @Test
    void oneEngineUpToItsShareThenOneMorePerShareUpToTheProcessors() {
        assertThat(EngineShards.forRate(0, 2)).isEqualTo(1);
        assertThat(EngineShards.forRate(100_000, 2)).isEqualTo(1);
        assertThat(EngineShards.forRate(100_001, 2)).isEqualTo(2);
        assertThat(EngineShards.forRate(250_000, 2)).isEqualTo(2);
        assertThat(EngineShards.forRate(250_000, 1)).isEqualTo(1);
        assertThat(EngineShards.forRate(250_000, 8)).isEqualTo(3);
        assertThat(EngineShards.forRate(1e9, 64)).isEqualTo(EngineShards.MAX_ENGINES);
    }

    @Test
    void hostsSpreadEvenlyAndStayOnTheirEngine() {
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            InetAddress host = InetAddress.ofLiteral("127.10." + (i / 250) + "." + (1 + i % 250));
            int shard = EngineShards.shardOf(host, 3);
            assertThat(EngineShards.shardOf(InetAddress.ofLiteral(host.getHostAddress()), 3)).isEqualTo(shard);
            counts[shard]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_000, 11_000);
        }
        int v6 = EngineShards.shardOf(InetAddress.ofLiteral("2001:db8::1"), 2);
        assertThat(v6).isBetween(0, 1).isEqualTo(EngineShards.shardOf(InetAddress.ofLiteral("2001:db8::1"), 2));
        assertThat(EngineShards.shardOf(InetAddress.ofLiteral("127.0.0.1"), 1)).isZero();
    }
}
