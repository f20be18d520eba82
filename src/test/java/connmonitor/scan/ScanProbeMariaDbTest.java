package connmonitor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.probe.ScanResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Debian's MariaDB, started for this test. With --skip-name-resolve and only root@localhost in its grant
 * tables it refuses a TCP client from 127.0.0.1 before the handshake ("Host ... is not allowed"); once a
 * user for any host exists, it greets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("root")
@Tag("server")
class ScanProbeMariaDbTest {

    private static MariaDbServer mariadb;
    private static ScanProbe probe;

    @BeforeAll
    static void startMariaDb() throws Exception {
        mariadb = MariaDbServer.start();
        probe = new ScanProbe(ScanSettings.DEFAULTS.withPorts(80, 443, mariadb.port()));
    }

    @AfterAll
    static void stopMariaDb() throws Exception {
        if (mariadb != null) {
            mariadb.close();
        }
    }

    private static ScanResult.Mysql scanMysql() throws Exception {
        ScanResult result = probe.measure(ScanTargets.target(mariadb.address())).get(10, TimeUnit.SECONDS);
        assertThat(result.http()).isEmpty();
        assertThat(result.https()).isEmpty();
        return result.mysql().orElseThrow();
    }

    @Test
    @Order(1)
    void aServerThatRefusesOurHostStillCountsAndSaysWhy() throws Exception {
        ScanResult.Mysql mysql = scanMysql();

        assertThat(mysql.version()).matches("Host '127\\.\\d+\\.\\d+\\.\\d+' is not allowed to connect to this MariaDB server");
        assertThat(mysql.error()).contains("1130: " + mysql.version());
        assertThat(mysql.rttMillis()).isBetween(0.0, 5000.0);
    }

    @Test
    @Order(2)
    void aServerThatLetsUsInReportsTheVersionSelectVersionShows() throws Exception {
        mariadb.sql("CREATE USER IF NOT EXISTS 'scan'@'%'");
        String selected = mariadb.sql("SELECT VERSION()");

        ScanResult.Mysql mysql = scanMysql();

        assertThat(selected).startsWith("10.").contains("MariaDB");
        assertThat(mysql.version()).isEqualTo(selected);
        assertThat(mysql.error()).isEmpty();
        assertThat(mysql.rttMillis()).isBetween(0.0, 5000.0);
    }
}
