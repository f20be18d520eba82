package connmonitor.scan;

import connmonitor.config.Target;
import connmonitor.probe.ScanResult.Mysql;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Reads the greeting a MySQL/MariaDB server sends as soon as a client connects; sends nothing.
 * RTT: from the start of the TCP connect to the first byte of the greeting.
 */
final class MysqlProbe {

    private final ScanSettings settings;

    MysqlProbe(ScanSettings settings) {
        this.settings = settings;
    }

    Optional<Mysql> mysql(Target target) throws IOException {
        InetSocketAddress address = new InetSocketAddress(target.address(), settings.mysqlPort());
        try (Connection connection = Connection.open(address, target.fleet(), settings.deadline().toNanos(),
                settings.maxAnswerBytes())) {
            Answer answer = Answer.read(connection.in(), settings.maxAnswerBytes(), MysqlGreeting::complete);
            return MysqlGreeting.parse(answer.bytes()).map(greeting -> new Mysql(
                    connection.millisSinceStart(answer.firstByteNanos()), greeting.version(), greeting.error()));
        }
    }
}
