package connmonitor.icmp;

import connmonitor.icmp.TransportForger.Forgery;
import connmonitor.support.Netns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * proto=tcp|udp answers are matched as strictly as echo replies: a SYN-ACK, RST or port unreachable
 * that differs from the probe's genuine answer in one field (acknowledgement, a port, the quoted
 * checksum, length, nonce or destination) never counts. Each probe is answered by {@link TransportForger}
 * with the forgery at once and the genuine answer 200 ms later: every probe must be answered, and by
 * the genuine packet (its round trip is at least the delay), so the test cannot pass by matching nothing.
 * The kernel's own RSTs and port unreachables are dropped in this namespace (they carry TTL 64, the
 * forger's TTL 99), so the forger is the only host answering.
 */
@Tag("root")
class TransportForgeriesTest {

    private static final String HOST = "127.0.0.5";
    private static final int PORT = 4_443;
    private static final int PROBES = 3;
    private static EngineInNamespace namespace;
    private static IcmpEngine engine;
    private static TransportForger forger;

    @BeforeAll
    static void setUp() throws Exception {
        Netns netns = Netns.create();
        netns.run("nft", "add table ip forgeries");
        netns.run("nft", "add chain ip forgeries out { type filter hook output priority 0 ; }");
        netns.run("nft", "add rule ip forgeries out ip ttl != " + TransportForger.TTL + " tcp flags & rst == rst drop");
        netns.run("nft", "add rule ip forgeries out ip ttl != " + TransportForger.TTL
                + " icmp type destination-unreachable drop");
        namespace = EngineInNamespace.in(netns);
        engine = namespace.engine;
        forger = namespace.call(() -> {
            try {
                return new TransportForger();
            } catch (Throwable failed) {
                throw new IllegalStateException(failed);
            }
        });
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (forger != null) {
            forger.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Forgery.class, names = "NONE|SYN_ACK_.*|RST_.*", mode = EnumSource.Mode.MATCH_ANY)
    void onlyTheSynAckOrRstAcknowledgingTheSynFromItsPortCounts(Forgery forgery) throws Exception {
        assertOnlyTheGenuineAnswerCounts(Transport.TCP, forgery);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Forgery.class, names = "NONE|QUOTING_.*", mode = EnumSource.Mode.MATCH_ANY)
    void onlyThePortUnreachableQuotingTheDatagramAsSentCounts(Forgery forgery) throws Exception {
        assertOnlyTheGenuineAnswerCounts(Transport.UDP, forgery);
    }

    private static void assertOnlyTheGenuineAnswerCounts(Transport transport, Forgery forgery) throws Exception {
        forger.forge(forgery);
        ProbeFates answers = new ProbeFates(PROBES);
        // 5 s: the genuine answer comes after 0.2 s; a stall of the forger's thread delays it, and CI's VM
        // stalls whole for up to 2 s now and then (a passing probe still ends at its answer)
        engine.submit(new ProbeRequest(InetAddress.ofLiteral(HOST), PROBES, 41, 0, Duration.ofSeconds(5), false,
                answers, PacketControls.NONE, transport, PORT));
        assertThat(answers.done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(answers.failure).isNull();
        assertThat(answers.errors).as("answers taken for a router's error").isZero();
        assertThat(answers.silent).as("probes left unanswered").isZero();
        assertThat(answers.replies).isEqualTo(PROBES);
        assertThat(answers.minRtt).as("the shortest round trip: the genuine answer's, not the forgery's")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(TransportForger.GENUINE_DELAY_MILLIS));
    }
}
