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
            // jcmd first: its attach listener adds a thread and a socket, once
            long heapBefore = ProcessStats.heapUsedAfterGcKb(connmonitor.pid());
            ProcessStats before = ProcessStats.of(connmonitor.pid());
            hangups(connmonitor, 450, file);
            long heapAfter = ProcessStats.heapUsedAfterGcKb(connmonitor.pid());
            ProcessStats after = ProcessStats.of(connmonitor.pid());
            System.out.printf("500 SIGHUPs: fds %d -> %d, threads %d -> %d, heap after GC %d KiB -> %d KiB, RSS %d -> %d KiB%n",
                    before.fds(), after.fds(), before.threads(), after.threads(), heapBefore, heapAfter,
                    before.rssKb(), after.rssKb());
            assertThat(after.fds()).isEqualTo(before.fds());
            assertThat(after.threads()).isBetween(before.threads() - 1, before.threads() + 1);
            assertThat(heapAfter).isLessThan(heapBefore + 4 * 1024);
            connmonitor.skipPending();
            String record = connmonitor.nextLine(WAIT);
            assertThat(record).contains("\"loss\":0.0");
            connmonitor.signal("TERM");
            assertThat(connmonitor.waitFor(WAIT)).isZero();
            assertThat(connmonitor.stderrLines()).isEmpty();
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
