package connmonitor.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Thousands of seeded random configs, from plausible to hostile: every one either parses or yields
 * "line N: ..." errors that point into the input; never an exception, never a hang.
 */
class ConfigFuzzTest {

    private static final String[] NAMES = {"ping", "numpings", "payload", "trace", "hops", "scan", "json", "timestamp",
            "PING", "Json", "pings", "", "x", "hops "};
    private static final String[] VALUES = {"0", "1", "500", "-1", "1.5", ".5", "1e3", "1e999", "nan", "Infinity",
            "true", "FALSE", "yes", "", "=", "65507", "65508", "255", "256", "99999999999999999999", "+7", "0x10",
            "\u00e9", "\u0000", "1_000"};
    private static final String[] HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "host-1.example", "\u00fcml\u00e4ut",
            "#comment", "a=b", "=", "999.1.1.1", "fe80::1%lo"};

    private static void check(byte[] input) {
        ParsedConfig config = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ConfigParser.parse(input));
        long lines = new String(input, StandardCharsets.UTF_8).lines().count();
        for (ConfigError error : config.errors()) {
            assertThat(error.line()).isBetween(1, (int) Math.max(1, lines));
            assertThat(error.toString()).startsWith("line " + error.line() + ": ").doesNotContain("\n");
        }
        for (HostEntry host : config.hosts()) {
            assertThat(host.line()).isBetween(1, (int) lines);
            assertThat(host.host()).isNotBlank().doesNotContain(" ", "\t");
            Options o = host.options();
            assertThat(o.pingMillis()).isFinite().isNotNegative();
            assertThat(o.numPings()).isBetween(1, 65535);
            assertThat(o.payload()).isBetween(1, 65507);
            assertThat(o.hops()).isBetween(1, 255);
        }
    }

    @Test
    void plausibleConfigsWithMistakes() {
        Random random = new Random(20261125);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            int lines = random.nextInt(8);
            for (int l = 0; l < lines; l++) {
                text.append(random.nextInt(4) == 0 ? "  \t" : "").append(HOSTS[random.nextInt(HOSTS.length)]);
                int options = random.nextInt(5);
                for (int o = 0; o < options; o++) {
                    text.append(random.nextBoolean() ? " " : "\t \t")
                            .append(NAMES[random.nextInt(NAMES.length)]);
                    if (random.nextInt(10) > 0) {
                        text.append('=');
                    }
                    text.append(VALUES[random.nextInt(VALUES.length)]);
                }
                text.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
            }
            check(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void randomBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            check(bytes);
        }
    }

    @Test
    void hugeLinesAndHugeConfigs() {
        String longHost = "h".repeat(1_000_000);
        check((longHost + " ping=1\n").getBytes(StandardCharsets.UTF_8));
        check(("host " + "ping=1 ".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            big.append("127.").append(i >> 16 & 255).append('.').append(i >> 8 & 255).append('.').append(i & 255)
                    .append(" ping=1000 numpings=10 json=1\n");
        }
        ParsedConfig config = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ConfigParser.parse(big.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(config.errors()).isEmpty();
        assertThat(config.hosts()).hasSize(100_000);
        assertThat(config.hosts().getLast().line()).isEqualTo(100_000);
    }
}
