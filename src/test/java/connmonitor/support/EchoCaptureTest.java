package connmonitor.support;

import connmonitor.support.EchoCapture.WireEcho;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EchoCaptureTest {

    @Test
    void pairsEachRequestWithItsFirstReplyInBothFamiliesAlsoWhenASequenceComesAgain() {
        var echoes = EchoCapture.parse("""
                1796031203.143416777 IP 10.0.1.1 > 10.0.1.2: ICMP echo request, id 37819, seq 1, length 64
                1796031203.150000000 IP6 ::1 > ::1: ICMP6, echo request, id 5, seq 65535, length 64
                1796031203.150002500 IP6 ::1 > ::1: ICMP6, echo reply, id 5, seq 65535, length 64
                1796031203.165285158 IP 10.0.1.2 > 10.0.1.1: ICMP echo reply, id 37819, seq 1, length 64
                1796031203.165999999 IP 10.0.1.2 > 10.0.1.1: ICMP echo reply, id 37819, seq 1, length 64
                1796031203.170000000 IP 10.0.1.1 > 10.0.1.2: ICMP echo request, id 37819, seq 2, length 64
                1796031203.171000000 IP 10.0.1.2 > 10.0.1.1: ICMP echo reply, id 99, seq 2, length 64
                1796031203.180000000 IP 10.0.1.1 > 10.0.1.2: ICMP echo request, id 37819, seq 1, length 64
                1796031203.180004000 IP 10.0.1.2 > 10.0.1.1: ICMP echo reply, id 37819, seq 1, length 64
                """);
        assertThat(echoes).containsExactly(
                new WireEcho(37819, 1, 1796031203_143416777L, 1796031203_165285158L),
                new WireEcho(5, 65535, 1796031203_150000000L, 1796031203_150002500L),
                new WireEcho(37819, 2, 1796031203_170000000L, -1),
                new WireEcho(37819, 1, 1796031203_180000000L, 1796031203_180004000L));
        assertThat(echoes.get(0).rttMillis()).isEqualTo(21.868381);
        assertThat(echoes.get(2).answered()).isFalse();
    }
}
