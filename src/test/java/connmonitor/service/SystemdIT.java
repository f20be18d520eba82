package connmonitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.DebPackage;
import connmonitor.support.Json;
import connmonitor.support.LogTail;
import connmonitor.support.PackageRoot;
import connmonitor.support.SystemdContainer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * connmonitor.service under a real systemd 252 booted in namespaces of its own (see SystemdContainer):
 * everything ServiceIT imitates, done by systemd itself, with DynamicUser, the seccomp filter,
 * ProcSubset= and the other sandboxing in force. Skipped, with the reason, where such a boot is not possible.
 */
class SystemdIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void systemdStartsReloadsAndStopsTheServiceAndItWorksInItsSandbox() throws Exception {
        Optional<String> unsupported = SystemdContainer.unsupported();
        assumeTrue(unsupported.isEmpty(), () -> "cannot boot systemd here: " + unsupported.orElseThrow());
        try (PackageRoot root = PackageRoot.install(DebPackage.deb())) {
            Files.delete(root.path("/run/connmonitor.conf")); // as after a reboot: /run starts empty
            try (SystemdContainer systemd = SystemdContainer.boot(root)) {
                try {
                    check(systemd);
                } catch (AssertionError failed) {
                    throw new AssertionError(failed.getMessage() + "\n" + systemd.diagnostics(), failed);
                }
            }
        }
    }

    private static void check(SystemdContainer systemd) throws Exception {
        awaitState(systemd, "active");
        assertThat(Files.readString(systemd.file("/run/connmonitor.conf")))
                .isEqualTo("localhost trace=5000 scan=5000 json=True\n");
        LogTail records = new LogTail(systemd.file("/var/log/connmonitor.log"));
        List<JsonNode> firsts = records.awaitEach(List.of(line -> line.contains("\"ping\""),
                line -> line.contains("\"trace\""), line -> line.contains("\"scan\"")), WAIT).stream()
                .map(Json::parse).toList();
        assertThat(firsts.get(0).at("/ping/loss").asDouble()).isZero();
        JsonNode trace = firsts.get(1);
        assertThat(trace.get("trace").toString()).startsWith("[[\"" + trace.get("addr").asText() + "\",");
        assertThat(firsts.get(2).get("scan").size()).isEqualTo(3);

        String mainPid = show(systemd, "MainPID");
        List<String> status = Files.readAllLines(systemd.file("/proc/" + mainPid + "/status"));
        assertThat(status).contains("CapEff:\t0000000000002000", "CapAmb:\t0000000000002000", "NoNewPrivs:\t1",
                "Seccomp:\t2");
        assertThat(status).filteredOn(line -> line.startsWith("Uid:")).singleElement().asString()
                .matches("Uid:\\t(6[0-9]{4})\\t\\1\\t\\1\\t\\1");

        String security = systemd.run("systemd-analyze", "security", "--no-pager", "connmonitor.service").ok().out();
        Matcher overall = Pattern.compile("Overall exposure level for connmonitor\\.service: (\\d+\\.\\d) (\\w+)")
                .matcher(security);
        assertThat(overall.find()).as(security).isTrue();
        System.out.println("systemd-analyze security (running under systemd): " + overall.group(1) + " " + overall.group(2));
        assertThat(Double.parseDouble(overall.group(1))).isLessThanOrEqualTo(2.0);

        Files.writeString(systemd.file("/run/connmonitor.conf"), "127.0.0.1 ping=100 numpings=2 json=1\n");
        systemd.run("systemctl", "reload", "connmonitor").ok();
        records.await(line -> Json.parse(line).get("name").asText().equals("127.0.0.1"), WAIT);
        assertThat(show(systemd, "MainPID")).isEqualTo(mainPid);

        systemd.run("systemctl", "stop", "connmonitor").ok();
        assertThat(show(systemd, "ExecMainStatus")).isEqualTo("0");
        assertThat(show(systemd, "Result")).isEqualTo("success");
        assertThat(records.unfinished()).isEmpty();
        assertThat(Files.readString(systemd.file("/var/log/connmonitor.err"))).isEmpty();

        Files.delete(systemd.file("/run/connmonitor.conf"));
        systemd.run("systemctl", "start", "connmonitor").ok();
        awaitState(systemd, "active");
        assertThat(Files.readString(systemd.file("/run/connmonitor.conf"))).startsWith("localhost ");

        // A reload with a broken config ends the process (exit 1); Restart=on-failure brings it back once fixed.
        Files.writeString(systemd.file("/run/connmonitor.conf"), "localhost ping=fast\n");
        systemd.run("systemctl", "reload", "connmonitor").ok();
        new LogTail(systemd.file("/var/log/connmonitor.err"))
                .await(line -> line.startsWith("EE: ConfigError: line 1: option 'ping'"), WAIT);
        Files.writeString(systemd.file("/run/connmonitor.conf"), "127.0.0.1 ping=100 numpings=2 json=1\n");
        records.drain();
        records.await(line -> Json.parse(line).get("name").asText().equals("127.0.0.1"), WAIT);
        assertThat(Integer.parseInt(show(systemd, "NRestarts"))).isPositive();
    }

    private static String show(SystemdContainer systemd, String property) throws Exception {
        return systemd.run("systemctl", "show", "--value", "--property=" + property, "connmonitor").ok().out().strip();
    }

    private static void awaitState(SystemdContainer systemd, String state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String now;
        while (!(now = systemd.run("systemctl", "is-active", "connmonitor").out().strip()).equals(state)) {
            assertThat(System.nanoTime()).as("connmonitor.service is " + now + ", not " + state).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
