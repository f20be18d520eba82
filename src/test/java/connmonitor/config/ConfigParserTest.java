package connmonitor.config;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigParserTest {

    private static ParsedConfig parse(String text) {
        return ConfigParser.parse(text);
    }

    private static Options only(String text) {
        ParsedConfig config = parse(text);
        assertThat(config.errors()).isEmpty();
        assertThat(config.hosts()).hasSize(1);
        return config.hosts().getFirst().options();
    }

    @Test
    void aBareHostGetsTheDefaultsOfConnmonitor4() {
        assertThat(only("host1")).isEqualTo(new Options(500, 10, 41, 0, 30, 0, false, true));
    }

    @Test
    void everyOptionIsRead() {
        assertThat(only("host1 ping=50.5 numpings=3 payload=100 trace=30000 hops=40 scan=60000 json=1 timestamp=0"))
                .isEqualTo(new Options(50.5, 3, 100, 30000, 40, 60000, true, false));
    }

    @Test
    void namesAndWordsIgnoreCaseButTheHostKeepsIt() {
        ParsedConfig config = parse("MyHost.Example PING=5 Json=TRUE TIMESTAMP=false");
        assertThat(config.hosts().getFirst().host()).isEqualTo("MyHost.Example");
        assertThat(config.hosts().getFirst().options().json()).isTrue();
        assertThat(config.hosts().getFirst().options().timestamp()).isFalse();
        assertThat(config.hosts().getFirst().options().pingMillis()).isEqualTo(5);
    }

    @Test
    void flagsAreIntegersOrTrueFalse() {
        assertThat(only("h json=7").json()).isTrue();
        assertThat(only("h json=-1").json()).isTrue();
        assertThat(only("h json=00").json()).isFalse();
        assertThat(only("h json=fAlSe").json()).isFalse();
        assertThat(parse("h json=yes").errors()).singleElement().asString()
                .isEqualTo("line 1: option 'json': value 'yes' must be True, False or an integer");
    }

    @Test
    void periodsAreRationalNumbersFromZero() {
        assertThat(only("h ping=0").pings()).isFalse();
        assertThat(only("h ping=.25").pingMillis()).isEqualTo(0.25);
        assertThat(only("h scan=1e3").scanMillis()).isEqualTo(1000);
        for (String bad : new String[] {"-1", "nan", "inf", "0x10", "1/2", "", "1e999"}) {
            assertThat(parse("h ping=" + bad).errors()).as(bad).hasSize(1);
        }
    }

    @Test
    void integersHaveTheirRanges() {
        assertThat(only("h hops=255").hops()).isEqualTo(255);
        assertThat(only("h payload=65507").payload()).isEqualTo(65507);
        assertThat(only("h numpings=+7").numPings()).isEqualTo(7);
        for (String bad : new String[] {"hops=0", "hops=256", "payload=0", "payload=65508", "numpings=1.5",
                "numpings=99999999999999999999", "hops=-3"}) {
            assertThat(parse("h " + bad).errors()).as(bad).hasSize(1);
        }
    }

    @Test
    void pathsIsItsOwnLoopAndOffByDefault() {
        Options options = only("h ping=0 paths=60000 proto=udp");
        assertThat(options.pathsMillis()).isEqualTo(60000);
        assertThat(connmonitor.probe.Kind.PATHS.periodMillis(options)).isEqualTo(60000);
        assertThat(only("h").pathsMillis()).isZero();
        assertThat(only("h PATHS=1000").pathsMillis()).isEqualTo(1000);
        for (String bad : new String[] {"paths=-1", "paths=often", "paths=1 paths=1"}) {
            assertThat(parse("h " + bad).errors()).as(bad).singleElement().asString().startsWith("line 1: option '");
        }
    }

    @Test
    void probesAndPathAreOursAndOffByDefault() {
        Options options = only("h trace=1000 probes=3 path=60000");
        assertThat(options.probes()).isEqualTo(3);
        assertThat(options.pathMillis()).isEqualTo(60000);
        assertThat(options.keepsPath()).isTrue();
        assertThat(only("h path=60000").keepsPath()).as("no traces, no path").isFalse();
        assertThat(only("h").probes()).isEqualTo(1);
        for (String bad : new String[] {"probes=0", "probes=11", "probes=x", "path=-1", "path=soon"}) {
            assertThat(parse("h " + bad).errors()).as(bad).singleElement().asString().startsWith("line 1: option '");
        }
    }

    @Test
    void blankLinesIndentationTabsAndCommentsAreAllowed() {
        ParsedConfig config = parse("\n\n   \t\n  # a comment\n\thost1\t \tping=10  \r\n\nhost2\n");
        assertThat(config.errors()).isEmpty();
        assertThat(config.hosts()).extracting(HostEntry::host).containsExactly("host1", "host2");
        assertThat(config.hosts()).extracting(HostEntry::line).containsExactly(5, 7);
    }

    @Test
    void theSameOptionTwiceIsAnErrorEvenWithTheSameValue() {
        assertThat(parse("h ping=5 Ping=5").errors()).singleElement().asString()
                .isEqualTo("line 1: option 'ping' is given more than once");
    }

    @Test
    void malformedAndUnknownOptionsAreErrors() {
        assertThat(parse("h ping = 5").errors()).extracting(ConfigError::toString).containsExactly(
                "line 1: malformed option 'ping': expected name=value",
                "line 1: malformed option '=': expected name=value",
                "line 1: malformed option '5': expected name=value");
        assertThat(parse("h a=b=c").errors()).singleElement().asString().contains("malformed option 'a=b=c'");
        assertThat(parse("h =5").errors()).singleElement().asString().contains("malformed option '=5'");
        assertThat(parse("h colour=red").errors()).singleElement().asString().isEqualTo("line 1: unknown option 'colour'");
        assertThat(parse("ping=5").errors()).singleElement().asString().contains("must start with a host");
    }

    @Test
    void allErrorsOfAllLinesAreCollected() {
        ParsedConfig config = parse("a ping=x\nb ok=1\nc\nd hops=0 hops=1\n");
        assertThat(config.errors()).extracting(ConfigError::line).containsExactly(1, 2, 4, 4);
        assertThat(config.hosts()).extracting(HostEntry::host).containsExactly("c");
    }

    @Test
    void bytesThatAreNotUtf8GiveAnErrorNotACrash() {
        byte[] bytes = "host\u00ff ping=5\nok\n".getBytes(StandardCharsets.ISO_8859_1);
        ParsedConfig config = ConfigParser.parse(bytes);
        assertThat(config.errors()).singleElement().asString().startsWith("line 1: host 'host").endsWith("is not valid UTF-8");
        assertThat(config.hosts()).extracting(HostEntry::host).containsExactly("ok");
    }

    @Test
    void controlCharactersInMessagesAreMadeVisible() {
        assertThat(parse("h \u001b[31m=1").errors()).singleElement().asString()
                .isEqualTo("line 1: unknown option '\\x1b[31m'");
    }
}
