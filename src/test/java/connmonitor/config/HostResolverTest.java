package connmonitor.config;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostResolverTest {

    @Test
    void literalsAndLocalhostResolve() {
        Resolution resolution = HostResolver.resolve(List.of(
                new HostEntry(1, "127.0.0.1", Options.DEFAULTS),
                new HostEntry(2, "::1", Options.DEFAULTS),
                new HostEntry(3, "localhost", Options.DEFAULTS),
                new HostEntry(4, "[::1]", Options.DEFAULTS)));
        assertThat(resolution.unresolved()).isEmpty();
        assertThat(resolution.targets()).extracting(Target::addressText)
                .containsExactly("127.0.0.1", "::1", "127.0.0.1", "::1");
        assertThat(resolution.targets()).extracting(Target::line).containsExactly(1, 2, 3, 4);
    }

    @Test
    void hostsThatCannotBeNamesFailWithoutAskingDns() {
        Resolution resolution = HostResolver.resolve(List.of(
                new HostEntry(7, "bad\u0001host", Options.DEFAULTS),
                new HostEntry(8, "127.0.0.1", Options.DEFAULTS),
                new HostEntry(9, "a..b", Options.DEFAULTS),
                new HostEntry(10, "x".repeat(300), Options.DEFAULTS),
                new HostEntry(11, "-leading.dash", Options.DEFAULTS)));
        assertThat(resolution.targets()).extracting(Target::line).containsExactly(8);
        assertThat(resolution.unresolved()).extracting(ConfigError::line).containsExactly(7, 9, 10, 11);
        assertThat(resolution.unresolved()).first().asString()
                .isEqualTo("line 7: unable to resolve host 'bad\\x01host': not a valid host name");
    }

    @Test
    void plausibleNamesPassTheLocalCheck() throws Exception {
        assertThat(HostNames.checked("localhost")).isEqualTo("localhost");
        assertThat(HostNames.checked("db_1.internal.")).isEqualTo("db_1.internal.");
        assertThat(HostNames.checked("b\u00fccher.example")).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void aFamilyTheNameDoesNotHaveLeavesTheHostUnresolved() {
        Resolution resolution = HostResolver.resolve(List.of(
                new HostEntry(3, "localhost", Options.DEFAULTS, ConfigParser.parse("h family=6").hosts().getFirst().fleet()),
                new HostEntry(4, "localhost", Options.DEFAULTS, ConfigParser.parse("h family=4").hosts().getFirst().fleet())));
        assertThat(resolution.unresolved()).singleElement().asString()
                .isEqualTo("line 3: unable to resolve host 'localhost': no IPv6 address");
        assertThat(resolution.targets()).extracting(Target::addressText).containsExactly("127.0.0.1");
    }

    @Test
    void sourcesAndInterfacesThisMachineLacksSkipTheHost() {
        Resolution resolution = HostResolver.resolve(ConfigParser.parse("""
                127.0.0.1 source=127.0.0.2 interface=lo
                127.0.0.1 source=192.0.2.77
                127.0.0.1 interface=nosuch0
                """).hosts());
        assertThat(resolution.targets()).extracting(Target::line).containsExactly(1);
        assertThat(resolution.unresolved()).extracting(ConfigError::toString).containsExactly(
                "line 2: cannot send from 192.0.2.77: not an address of this machine",
                "line 3: cannot send through interface 'nosuch0': this machine has no such interface");
    }
}
