package connmonitor.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import connmonitor.support.Connmonitor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lab leaves nothing behind: no namespace, device, thread or process, whether the test using it
 * passes, fails midway, or its JVM is killed. Needs root. Takes about 6 s.
 */
@Tag("root")
class TeardownTest {

    @Test
    void closingRemovesEverythingEvenWhenTheTestFailsMidway() throws Exception {
        String[] namespaces = new String[2];
        long[] pids = new long[2];
        assertThatThrownBy(() -> {
            try (Lab lab = Preset.PAIR.builder().build()) {
                lab.nodes().stream().map(lab::namespace).toList().toArray(namespaces);
                pids[0] = lab.start("server", "sleep", "600").pid();
                // a process the lab did not start itself, still inside one of its namespaces
                pids[1] = Long.parseLong(lab.exec("client", "sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!")
                        .orThrow().stdout().strip());
                assertThat(emulatorThreads()).isNotEmpty();
                assertThat(devicesIn(namespaces[0])).hasSize(2); // lo and the TUN device towards server
                throw new IllegalStateException("the test fails midway");
            }
        }).hasMessage("the test fails midway");
        assertNothingLeft(List.of(namespaces), pids);
    }

    @Test
    void aBuildThatFailsHalfwayRemovesWhatItHadMade() {
        String[] namespaces = new String[2];
        long[] pids = new long[1];
        assertThatThrownBy(() -> Preset.PAIR.builder().afterWiring(lab -> {
            lab.nodes().stream().map(lab::namespace).toList().toArray(namespaces);
            pids[0] = lab.start("client", "sleep", "600").pid();
            throw new IllegalStateException("wiring failed");
        }).build()).hasMessage("wiring failed");
        assertThat(namespaces).doesNotContainNull();
        assertNothingLeft(List.of(namespaces), pids);
    }

    @Test
    void leftoversOfAKilledRunAreSweptButThoseOfALiveRunAreNot(@TempDir Path state) throws Exception {
        String classes = new File(NetLab.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        Process crashed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Connmonitor.jvmArgsFile(), "-cp", classes, "connmonitor.lab.NetLab",
                "up", "pair", "crashed", state.toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("log").toFile()).start();
        Path nodes = state.resolve("crashed.nodes");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(nodes) && crashed.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(nodes).as(Files.exists(state.resolve("log")) ? Files.readString(state.resolve("log")) : "").exists();
        List<String> namespaces = Files.readAllLines(nodes).stream().map(line -> line.split(" ")[1]).toList();

        crashed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        assertThat(namespaces).allMatch(Namespaces::exists);
        // its TUN devices died with its descriptors: only lo is left in the namespaces
        assertThat(devicesIn(namespaces.getFirst())).hasSize(1).allMatch(l -> l.contains(" lo:"));

        String alive = "cml" + ProcessHandle.current().pid() + "-0-probe"; // owned by this (live) JVM
        Namespaces.create(alive);
        try {
            assertThat(Namespaces.sweepOrphans()).containsAll(namespaces).doesNotContain(alive);
            assertThat(namespaces).noneMatch(Namespaces::exists);
            assertThat(Namespaces.exists(alive)).isTrue();
        } finally {
            Namespaces.delete(alive);
        }
    }

    private static void assertNothingLeft(List<String> namespaces, long[] pids) {
        assertThat(namespaces).noneMatch(Namespaces::exists);
        assertThat(Namespaces.all()).doesNotContainAnyElementsOf(namespaces);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process " + pid).isEmpty();
        }
        assertThat(emulatorThreads()).isEmpty(); // and with them the TUN descriptors: see below
    }

    private static List<String> emulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("lab-link-")).toList();
    }

    private static List<String> devicesIn(String namespace) {
        return Shell.run(List.of("ip", "-n", namespace, "-o", "link")).orThrow().stdout().lines().toList();
    }
}
