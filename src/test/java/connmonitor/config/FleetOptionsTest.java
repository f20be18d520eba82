package connmonitor.config;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The options beyond connmonitor 4.x: labels, names and packet controls, as ConfigParserTest reads the rest. */
class FleetOptionsTest {

    private static ParsedConfig parse(String text) {
        return ConfigParser.parse(text);
    }

    private static FleetOptions only(String text) {
        ParsedConfig config = parse(text);
        assertThat(config.errors()).isEmpty();
        assertThat(config.hosts()).hasSize(1);
        return config.hosts().getFirst().fleet();
    }

    private static String error(String text) {
        ParsedConfig config = parse(text);
        assertThat(config.hosts()).isEmpty();
        assertThat(config.errors()).hasSize(1);
        return config.errors().getFirst().toString();
    }

    @Test
    void aLineWithoutExtensionsHasTheDefaultsOf413() {
        FleetOptions fleet = only("host1 ping=5 json=1");
        assertThat(fleet).isEqualTo(FleetOptions.DEFAULTS);
        assertThat(fleet.hasLabels()).isFalse();
        assertThat(fleet.controlsPackets()).isFalse();
        assertThat(fleet.resolveMillis()).isEqualTo(300_000);
        assertThat(fleet.family()).isEqualTo(FleetOptions.AddressFamily.ANY);
    }

    @Test
    void labelsKeepTheirOrderAndCaseWhileThePrefixIgnoresCase() {
        FleetOptions fleet = only("h label.site=fra1 LABEL.Role=DB Label.rack_2=a=b/c:d");
        assertThat(fleet.labels()).containsExactly(Map.entry("site", "fra1"), Map.entry("Role", "DB"),
                Map.entry("rack_2", "a=b/c:d"));
        assertThat(only("h label.site=x label.Site=y").labels()).containsOnlyKeys("site", "Site");
    }

    @Test
    void labelNamesFollowPrometheusRules() {
        assertThat(error("h label.1site=x")).isEqualTo("line 1: label name '1site' must start with a letter or '_' "
                + "and hold only letters, digits and '_' (Prometheus label names)");
        assertThat(error("h label.si-te=x")).contains("label name 'si-te' must start");
        assertThat(error("h label.=x")).contains("label name '' must start");
        assertThat(error("h label.__name__=x")).isEqualTo(
                "line 1: label name '__name__': names starting with '__' are reserved by Prometheus");
        assertThat(only("h label._x=1").labels()).containsEntry("_x", "1");
    }

    @Test
    void labelsThatClashWithOursAreLineNumberedErrors() {
        for (String ours : new String[] {"host", "addr", "stat", "kind", "service", "hop", "hop_addr", "vantage", "le", "quantile"}) {
            assertThat(error("\nh label." + ours + "=x")).as(ours)
                    .startsWith("line 2: label name '" + ours + "' is one of connmonitor's own labels (");
        }
    }

    @Test
    void labelValuesAreTextWithoutBlanksOrControls() {
        assertThat(error("h label.site=")).isEqualTo("line 1: malformed option 'label.site=': expected label.NAME=VALUE");
        assertThat(error("h label.site")).contains("malformed option 'label.site'");
        assertThat(error("h label.site=a\u0001b")).isEqualTo(
                "line 1: label 'site': value 'a\\x01b' must not hold control characters");
        assertThat(only("h label.city=Zürich").labels()).containsEntry("city", "Zürich");
        assertThat(error("h label.site=a label.site=a")).isEqualTo("line 1: label 'site' is given more than once");
        assertThat(error("h label.site=a LABEL.site=b")).contains("label 'site' is given more than once");
    }

    @Test
    void familyAddressesAndResolve() {
        assertThat(only("h family=6").family()).isEqualTo(FleetOptions.AddressFamily.V6);
        assertThat(only("h family=4").family()).isEqualTo(FleetOptions.AddressFamily.V4);
        assertThat(only("h addresses=ALL").allAddresses()).isTrue();
        assertThat(only("h addresses=first").allAddresses()).isFalse();
        assertThat(only("h resolve=0").resolveMillis()).isZero();
        assertThat(only("h resolve=60000").resolveMillis()).isEqualTo(60_000);
        assertThat(error("h family=5")).isEqualTo("line 1: option 'family': value '5' must be 4 or 6");
        assertThat(error("h addresses=some")).isEqualTo("line 1: option 'addresses': value 'some' must be all or first");
        for (String bad : new String[] {"999", "-1", "1.5", "x", "99999999999999"}) {
            assertThat(error("h resolve=" + bad)).as(bad).startsWith("line 1: option 'resolve': value '" + bad
                    + "' must be 0 (once per load) or milliseconds from 1000 to");
        }
    }

    @Test
    void packetControls() {
        FleetOptions fleet = only("h source=127.0.0.2 interface=lo tos=0xb8".replace("0xb8", "184") + " ttl=64");
        assertThat(fleet.source()).contains(InetAddress.ofLiteral("127.0.0.2"));
        assertThat(fleet.interfaceName()).contains("lo");
        assertThat(fleet.tos()).isEqualTo(184);
        assertThat(fleet.ttl()).isEqualTo(64);
        assertThat(fleet.controlsPackets()).isTrue();
        assertThat(only("h tos=0").tos()).isZero();
        assertThat(error("h tos=256")).isEqualTo("line 1: option 'tos': value '256' must be an integer from 0 to 255");
        assertThat(error("h ttl=0")).isEqualTo("line 1: option 'ttl': value '0' must be an integer from 1 to 255");
        assertThat(error("h source=localhost")).isEqualTo(
                "line 1: option 'source': value 'localhost' must be an IPv4 or IPv6 address");
        assertThat(error("h source=0.0.0.0")).contains("must be a unicast address of this machine");
        assertThat(error("h source=ff02::1")).contains("must be a unicast address of this machine");
        assertThat(error("h interface=a/b")).contains("must be an interface name (1 to 15 characters, no '/' or ':')");
        assertThat(error("h interface=abcdefghijklmnop")).contains("must be an interface name");
        assertThat(error("h TOS=1 tos=1")).isEqualTo("line 1: option 'tos' is given more than once");
    }

    @Test
    void familiesThatCannotMeetAreErrors() {
        assertThat(error("h family=4 source=::1")).isEqualTo(
                "line 1: option 'source': ::1 is not an IPv4 address, but family=4");
        assertThat(error("127.0.0.1 family=6")).isEqualTo(
                "line 1: host '127.0.0.1' is not an IPv6 address, but family=6 asks for IPv6");
        assertThat(error("::1 source=127.0.0.1")).isEqualTo(
                "line 1: host '::1' is not an IPv4 address, but source=127.0.0.1 asks for IPv4");
        assertThat(only("name source=::1").effectiveFamily()).isEqualTo(FleetOptions.AddressFamily.V6);
    }

    @Test
    void everyErrorOfEveryLineIsCollectedWithItsLine() {
        ParsedConfig config = parse("a label.host=x\nb tos=x ttl=300\nc label.ok=1 source=::1\n");
        assertThat(config.errors()).extracting(ConfigError::line).containsExactly(1, 2, 2);
        assertThat(config.hosts()).extracting(HostEntry::host).containsExactly("c");
        assertThat(config.hosts().getFirst().fleet().source()).isEqualTo(Optional.of(InetAddress.ofLiteral("::1")));
    }
}
