package connmonitor.reliability;

import connmonitor.support.Connmonitor;
import connmonitor.support.ProcessStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 loopback hosts for a few minutes (-Dconnmonitor.soak.seconds=N for longer runs by hand):
 * memory, descriptors and threads stay flat, every record is complete and shows no loss.
 */
class SoakIT {

    private static final int HOSTS = 1_000;
    private static final long SECONDS = Long.getLong("connmonitor.soak.seconds", 180);

    @TempDir
    Path dir;

    @Test
    void thousandHostsRunFlat() throws Exception {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < HOSTS; i++) {
            config.append("127.4.").append(i / 250).append('.').append(1 + i % 250)
                    .append(" ping=200 numpings=5 json=1").append(i % 10 == 0 ? " trace=2000 hops=4" : "").append('\n');
        }
        Path file = dir.resolve("soak.conf");
        Files.writeString(file, config);
        try (Connmonitor connmonitor = Connmonitor.start(file.toString())) {
            connmonitor.nextLine(Duration.ofSeconds(30));
            List<ProcessStats> samples = new ArrayList<>();
            long records = 0;
            long lossy = 0;
            long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                samples.add(ProcessStats.of(connmonitor.pid()));
                for (String line : connmonitor.takeLines()) {
                    records++;
                    lossy += line.contains("\"ping\"") && !line.contains("\"loss\":0.0") ? 1 : 0;
                }
            }
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(Duration.ofSeconds(30))).isZero();
            ProcessStats warm = samples.get(Math.min(2, samples.size() - 1));
            ProcessStats last = samples.getLast();
            System.out.printf("soak %d hosts %d s: %d records, RSS %d -> %d KiB, fds %d -> %d, threads %d -> %d, CPU %.1f s%n",
                    HOSTS, SECONDS, records, warm.rssKb(), last.rssKb(), warm.fds(), last.fds(), warm.threads(),
                    last.threads(), last.cpuSeconds());
            for (ProcessStats sample : samples.subList(samples.indexOf(warm), samples.size())) {
                assertThat(sample.fds()).isEqualTo(warm.fds());
                assertThat(sample.threads()).isBetween(warm.threads() - 1, warm.threads() + 1);
                assertThat(sample.rssKb()).isLessThan(warm.rssKb() + 24 * 1024);
            }
            // nothing on stderr but, on a machine other jobs keep busy (a CI run at load 7: "up to 1.2 s later ... on
            // 611 hosts"), the warning that measurements start late; the records below still show none was lost
            assertThat(connmonitor.stderrLines()).allSatisfy(line -> assertThat(line)
                    .matches(l -> l.startsWith("WW: falling behind: ") || l.startsWith("WW: keeping up again: "),
                            "the falling-behind notice or its all-clear"));
            assertThat(records).isGreaterThan(HOSTS * SECONDS);
            assertThat(lossy).isZero();
        }
    }
}
