package connmonitor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MysqlGreetingTest {

    @Test
    void readsTheVersionOfAProtocol10Greeting() {
        assertThat(MysqlGreeting.parse(MysqlPackets.greeting("8.0.36-0ubuntu0.22.04.1")))
                .contains(new MysqlGreeting("8.0.36-0ubuntu0.22.04.1", Optional.empty()));
    }

    @Test
    void dropsTheReplicationPrefixMariadbPutsBeforeItsVersion() {
        assertThat(MysqlGreeting.parse(MysqlPackets.greeting("5.5.5-10.11.6-MariaDB-0+deb12u1")).orElseThrow().version())
                .isEqualTo("10.11.6-MariaDB-0+deb12u1");
        assertThat(MysqlGreeting.parse(MysqlPackets.greeting("5.5.5-log")).orElseThrow().version())
                .isEqualTo("5.5.5-log");
    }

    @Test
    void aRefusalBeforeTheHandshakeStillShowsTheServer() {
        String message = "Host '192.0.2.7' is not allowed to connect to this MariaDB server";
        assertThat(MysqlGreeting.parse(MysqlPackets.error(1130, null, message)))
                .contains(new MysqlGreeting(message, Optional.of("1130: " + message)));
    }

    @Test
    void anSqlStateMarkerIsNotPartOfTheMessage() {
        assertThat(MysqlGreeting.parse(MysqlPackets.error(1040, "08004", "Too many connections")))
                .contains(new MysqlGreeting("Too many connections", Optional.of("1040: Too many connections")));
    }

    @Test
    void aGreetingCutShortStillCountsOnceItsVersionIsIn() {
        byte[] whole = MysqlPackets.greeting("11.4.2-MariaDB");
        byte[] versionOnly = Arrays.copyOf(whole, 4 + 1 + "11.4.2-MariaDB".length() + 1);
        assertThat(MysqlGreeting.parse(versionOnly).orElseThrow().version()).isEqualTo("11.4.2-MariaDB");
        assertThat(MysqlGreeting.parse(Arrays.copyOf(whole, 10))).isEmpty();
        assertThat(MysqlGreeting.complete(whole, whole.length - 1)).isFalse();
        assertThat(MysqlGreeting.complete(whole, whole.length)).isTrue();
    }

    @Test
    void anythingElseIsNoMysqlServer() {
        assertThat(MysqlGreeting.parse(new byte[0])).isEmpty();
        assertThat(MysqlGreeting.parse(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"))).isEmpty();
        assertThat(MysqlGreeting.parse(ascii("SSH-2.0-OpenSSH_9.2p1\r\n"))).isEmpty();
        assertThat(MysqlGreeting.parse(new byte[] {5, 0, 0, 0, 0x0a, 'a', 'b', 'c', 'd'})).isEmpty(); // no NUL
        assertThat(MysqlGreeting.parse(new byte[] {2, 0, 0, 0, 0x0a, 0})).isEmpty();                // empty version
        assertThat(MysqlGreeting.parse(new byte[] {3, 0, 0, 1, 0x0a, 'a', 0})).isEmpty();           // not sequence 0
        assertThat(MysqlGreeting.complete(ascii("HTTP"), 4)).isTrue(); // ruled out by its header already
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
