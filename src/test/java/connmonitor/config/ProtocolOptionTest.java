package connmonitor.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** proto= and port=: what pings and traces send, checked with line numbers like every option. */
class ProtocolOptionTest {

    private static FleetOptions only(String text) {
        ParsedConfig config = ConfigParser.parse(text);
        assertThat(config.errors()).isEmpty();
        return config.hosts().getFirst().fleet();
    }

    private static String error(String text) {
        ParsedConfig config = ConfigParser.parse(text);
        assertThat(config.hosts()).isEmpty();
        assertThat(config.errors()).hasSize(1);
        return config.errors().getFirst().toString();
    }

    @Test
    void icmpIsTheDefaultAndALineWithoutProtoIsUnchanged() {
        FleetOptions fleet = only("h ping=500");
        assertThat(fleet).isEqualTo(FleetOptions.DEFAULTS);
        assertThat(fleet.proto()).isEqualTo(Protocol.ICMP);
        assertThat(fleet.port()).isZero();
        assertThat(only("h proto=icmp")).isEqualTo(FleetOptions.DEFAULTS);
    }

    @Test
    void portsDefaultAsTracerouteTcptracerouteAndTcppingUsersExpect() {
        assertThat(only("h proto=tcp").effectivePort()).isEqualTo(80);
        assertThat(only("h proto=udp").effectivePort()).isEqualTo(33434);
        assertThat(only("h proto=TCP port=443").effectivePort()).isEqualTo(443);
        assertThat(only("h proto=Udp port=53").proto()).isEqualTo(Protocol.UDP);
    }

    @Test
    void badValuesAreOneLineErrorsWithTheirLineNumber() {
        assertThat(error("h proto=sctp")).isEqualTo("line 1: option 'proto': value 'sctp' must be icmp, udp or tcp");
        assertThat(error("\nh proto=tcp port=0"))
                .isEqualTo("line 2: option 'port': value '0' must be a port from 1 to 65535");
        assertThat(error("h proto=tcp port=65536"))
                .isEqualTo("line 1: option 'port': value '65536' must be a port from 1 to 65535");
        assertThat(error("h port=443"))
                .isEqualTo("line 1: option 'port' needs proto=udp or proto=tcp (ICMP echo has no port)");
        assertThat(error("h proto=icmp port=7"))
                .isEqualTo("line 1: option 'port' needs proto=udp or proto=tcp (ICMP echo has no port)");
        assertThat(error("h proto=tcp proto=udp")).isEqualTo("line 1: option 'proto' is given more than once");
    }

    @Test
    void protoIsOurLabelNameNotAHostLabel() {
        assertThat(error("h label.proto=tcp")).startsWith("line 1: label name 'proto' is one of connmonitor's own labels");
    }
}
