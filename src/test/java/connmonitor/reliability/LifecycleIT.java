package connmonitor.reliability;

import connmonitor.support.Connmonitor;
import connmonitor.support.ProcessStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The process over its life: many reloads under load, and a reader that goes away. */
class LifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static String config(int hosts, int offset) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < hosts; i++) {
            text.append("127.3.").append(offset).append('.').append(1 + i).append(" ping=50 numpings=5 json=1\n");
        }
        return text.toString();
    }

    @Test
    void fiveHundredHangupsUnderLoadLeaveFdsThreadsAndHeapFlat() throws Exception {
        Path file = dir.resolve("c.conf");
        Files.writeString(file, config(200, 0));
        try (Connmonitor connmonitor = Connmonitor.start(file.toString())) {
            connmonitor.nextLine(WAIT);
            hangups(connmonitor, 50, file);
            // jcmd first: its attach listener adds a thread and a socket, once; heap from the live objects of a histogram
            long heapBefore = ProcessStats.heapUsedAfterGcKb(connmonitor.pid());
            ProcessStats before = ProcessStats.of(connmonitor.pid());
            double waitBefore = ProcessStats.runQueueWaitSeconds(connmonitor.pid());
            hangups(connmonitor, 450, file);
            Starvation starved = Starvation.between(connmonitor.pid(), before, waitBefore);
            long heapAfter = ProcessStats.heapUsedAfterGcKb(connmonitor.pid());
            ProcessStats after = ProcessStats.of(connmonitor.pid());
            System.out.printf("500 SIGHUPs: fds %d -> %d, threads %d -> %d, heap after GC %d KiB -> %d KiB, RSS %d -> %d KiB;"
                    + " over 450 of them %.1f CPU-s run, %.1f s waited for a CPU%n",
                    before.fds(), after.fds(), before.threads(), after.threads(), heapBefore, heapAfter,
                    before.rssKb(), after.rssKb(), starved.cpuSeconds(), starved.waitSeconds());
            assertThat(after.fds()).isEqualTo(before.fds());
            assertThat(after.threads()).isBetween(before.threads() - 1, before.threads() + 1);
            assertThat(heapAfter).isLessThan(heapBefore + 4 * 1024);
            connmonitor.takeLines();
            String record = connmonitor.nextLine(WAIT);
            assertThat(record).contains("\"loss\":0.0");
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
            assertOnlyTruthfulFallingBehind(connmonitor.stderrLines(), starved);
        }
    }

    /**
     * stderr must be empty, but for the falling-behind WW lines when the process really was starved of
     * CPU. 200 hosts at ping=50 are about 16,000 echoes a second; at a load average of 18 to 22 on the
     * 2 cores, its ICMP engine thread ran 3.7 s and waited 13.3 s for a CPU in 20 s, and measurements
     * started up to 0.9 s late: the WW said so, truthfully. Starved here means the threads waited for a
     * CPU at least as long as they ran; on a quiet machine they wait a small fraction of that, and any
     * WW then fails the test as before.
     */
    private static void assertOnlyTruthfulFallingBehind(List<String> stderr, Starvation starved) {
        List<String> behind = stderr.stream()
                .filter(line -> line.startsWith("WW: falling behind: ") || line.startsWith("WW: keeping up again: "))
                .toList();
        assertThat(stderr).as("stderr beyond the falling-behind lines").containsExactlyElementsOf(behind);
        if (!behind.isEmpty()) {
            assertThat(starved.waitSeconds()).as("the process fell behind (%s) while it ran %.1f CPU-s and waited"
                            + " %.1f s for a CPU: not starved", behind, starved.cpuSeconds(), starved.waitSeconds())
                    .isGreaterThanOrEqualTo(starved.cpuSeconds());
        }
    }

    /** CPU time the process ran and time its threads waited for a CPU, over the reloads. */
    private record Starvation(double cpuSeconds, double waitSeconds) {

        static Starvation between(long pid, ProcessStats before, double waitBefore) throws Exception {
            return new Starvation(ProcessStats.of(pid).cpuSeconds() - before.cpuSeconds(),
                    ProcessStats.runQueueWaitSeconds(pid) - waitBefore);
        }
    }

    /** Alternates two host sets so that every reload really replaces every loop. */
    private static void hangups(Connmonitor connmonitor, int count, Path file) throws Exception {
        for (int i = 0; i < count; i++) {
            // replaced atomically: a reload that read a half-written file would rightly exit 1
            Path next = file.resolveSibling("next.conf");
            Files.writeString(next, config(200, i % 2));
            Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            connmonitor.signal("HUP");
            Thread.sleep(10);
            if (i % 50 == 49) {
                connmonitor.takeLines(); // about 3,000 records a second: this test reads none, and keeps none
            }
        }
        Thread.sleep(500);
    }

    @Test
    void aReaderThatGoesAwayEndsTheProcessWithOneErrorLine() throws Exception {
        try (Connmonitor connmonitor = Connmonitor.start()) {
            connmonitor.writeStdin("127.0.0.1 ping=10 numpings=2\n", true);
            connmonitor.nextLine(WAIT);
            connmonitor.closeStdout();
            assertThat(connmonitor.waitFor(WAIT)).isEqualTo(1);
            List<String> errors = connmonitor.stderrLines();
            assertThat(errors).singleElement().asString()
                    .startsWith("EE: BrokenPipeError: cannot write records to standard output: Broken pipe -\t");
        }
    }
}
