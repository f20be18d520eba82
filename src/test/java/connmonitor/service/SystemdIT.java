package connmonitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Commands;
import connmonitor.support.DebPackage;
import connmonitor.support.Exposition;
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

        // systemctl status shows what the monitor is doing.
        awaitStatus(systemd, "1 host, [0-9]+\\.[0-9] measurements/s, [0-9]+ problems? now");

        // A reload with a broken config fails: the unit's --check stops it before the SIGHUP, its
        // line-numbered errors go to the journal, and the monitor keeps running on the config it has.
        String pidBefore = show(systemd, "MainPID");
        Files.writeString(systemd.file("/run/connmonitor.conf"), "localhost ping=fast\n");
        Commands.Outcome refused = systemd.run("systemctl", "reload", "connmonitor");
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(systemd.run("journalctl", "--no-pager", "-o", "cat", "-t", "connmonitor", "-p", "err").ok().out())
                .contains("EE: ConfigError: line 1: option 'ping'");
        awaitState(systemd, "active");
        assertThat(show(systemd, "MainPID")).isEqualTo(pidBefore);
        records.drain();
        records.await(line -> Json.parse(line).get("name").asText().equals("localhost"), WAIT);
        assertThat(Files.readString(systemd.file("/var/log/connmonitor.err"))).isEmpty();

        // A SIGHUP straight to the process with a broken config still ends it (exit 1), as the drop-in
        // promises; Restart=on-failure brings it back once the config is fixed.
        systemd.run("kill", "-HUP", pidBefore).ok();
        new LogTail(systemd.file("/var/log/connmonitor.err"))
                .await(line -> line.startsWith("EE: ConfigError: line 1: option 'ping'"), WAIT);
        Files.writeString(systemd.file("/run/connmonitor.conf"), "127.0.0.1 ping=100 numpings=2 json=1\n");
        records.drain();
        records.await(line -> Json.parse(line).get("name").asText().equals("127.0.0.1"), WAIT);
        assertThat(Integer.parseInt(show(systemd, "NRestarts"))).isPositive();

        watchdogRestartsAStuckEngine(systemd, records);
    }

    /**
     * With WatchdogSec= short and the test hook that hangs the ICMP engine 8 s after start (given through
     * the options file, as an operator gives flags): healthy seconds pass without a restart, then the
     * missing WATCHDOG=1 makes systemd kill the process and Restart= start it again.
     */
    private static void watchdogRestartsAStuckEngine(SystemdContainer systemd, LogTail records) throws Exception {
        Files.createDirectories(systemd.file("/etc/systemd/system/connmonitor.service.d"));
        Files.writeString(systemd.file("/etc/systemd/system/connmonitor.service.d/watchdog.conf"),
                "[Service]\nWatchdogSec=3s\n");
        Files.writeString(systemd.file("/etc/default/connmonitor"),
                "CONNMONITOR_JAVA_OPTS=\"-Dconnmonitor.test.stallEngineAfterSeconds=8\"\n");
        systemd.run("systemctl", "daemon-reload").ok();
        systemd.run("systemctl", "restart", "connmonitor").ok();
        int restarts = Integer.parseInt(show(systemd, "NRestarts"));
        String pid = show(systemd, "MainPID");
        Thread.sleep(6_000); // two watchdog intervals, all pinged
        assertThat(show(systemd, "MainPID")).isEqualTo(pid);
        assertThat(show(systemd, "WatchdogUSec")).isEqualTo("3s");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!show(systemd, "Result").equals("watchdog")) { // visible until the restart (RestartSec=)
            assertThat(System.nanoTime()).as("no watchdog timeout").isLessThan(deadline);
            Thread.sleep(100);
        }
        awaitState(systemd, "active");
        assertThat(Integer.parseInt(show(systemd, "NRestarts"))).isGreaterThan(restarts);
        assertThat(show(systemd, "MainPID")).isNotEqualTo(pid);
        optionsFileFlagsReachTheDaemon(systemd, records);
    }

    /**
     * Flags in the options file, as an operator of a fleet sets them (issue 15): the vantage name shows in
     * the records and on the metrics the service serves. Also ends the stalled-engine hook above.
     */
    private static void optionsFileFlagsReachTheDaemon(SystemdContainer systemd, LogTail records) throws Exception {
        Files.writeString(systemd.file("/etc/default/connmonitor"),
                "CONNMONITOR_OPTS=\"--vantage lab-1 --metrics 127.0.0.1:9469\"\n");
        systemd.run("systemctl", "restart", "connmonitor").ok();
        records.drain();
        JsonNode record = Json.parse(records.await(line -> Json.parse(line).get("name").asText().equals("127.0.0.1"), WAIT));
        assertThat(record.get("vantage").asText()).isEqualTo("lab-1");
        records.await(line -> Json.parse(line).get("name").asText().equals("127.0.0.1"), WAIT); // counted by now
        Exposition metrics = Exposition.parsePrometheusText(systemd.run("curl", "-sS", "-g", "--max-time", "5",
                "http://127.0.0.1:9469/metrics?name[]=connmonitor_ping_packets_sent_total").ok().out());
        assertThat(metrics.value("connmonitor_ping_packets_sent_total",
                "host", "127.0.0.1", "addr", "127.0.0.1", "vantage", "lab-1")).isPositive();
    }

    private static void awaitStatus(SystemdContainer systemd, String pattern) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String now;
        while (!(now = show(systemd, "StatusText")).matches(pattern)) {
            assertThat(System.nanoTime()).as("StatusText '" + now + "' does not match " + pattern).isLessThan(deadline);
            Thread.sleep(200);
        }
        String status = systemd.run("systemctl", "status", "--no-pager", "connmonitor").out();
        assertThat(status).containsPattern("Status: \"" + pattern + "\"");
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
