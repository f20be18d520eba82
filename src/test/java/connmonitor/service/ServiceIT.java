package connmonitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Commands;
import connmonitor.support.DebPackage;
import connmonitor.support.Json;
import connmonitor.support.LogTail;
import connmonitor.support.NotifySocket;
import connmonitor.support.PackageRoot;
import connmonitor.support.ServiceUnit;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * connmonitor.service without systemd (PID 1 here is not systemd): the unit's own command lines, run the
 * way systemd runs them, on a fresh root where the package is installed, so /var/run and /var/log are
 * that root's and never this machine's. ExecStartPre runs with full privileges (its "+"); ExecStart runs
 * as a DynamicUser-style uid with only the unit's capabilities and no_new_privs, stdin from /dev/null,
 * stdout and stderr appended to the unit's files, opened by root as systemd opens them, and a
 * NOTIFY_SOCKET for Type=notify: the start is complete at READY=1. ExecReload sends the SIGHUP;
 * KillSignal stops it.
 */
class ServiceIT {

    private static final String UNIT = "/lib/systemd/system/connmonitor.service";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CAP_NET_RAW_ONLY = "0000000000002000";

    @Test
    void startsOnTheDefaultConfigItCreatesReloadsOnHangupAndStopsWithExitZero() throws Exception {
        try (PackageRoot root = PackageRoot.install(DebPackage.deb())) {
            ServiceUnit unit = ServiceUnit.read(root.path(UNIT));
            Path config = root.path("/var/run/connmonitor.conf");
            Files.delete(config); // the postinst made it; the service must make it again when it is missing
            startPre(unit, root);
            assertThat(Files.readString(config)).isEqualTo("localhost trace=5000 scan=5000 json=True\n");

            Path stdout = root.path(unit.value("Service", "StandardOutput").replaceFirst("^append:", ""));
            Path stderr = root.path(unit.value("Service", "StandardError").replaceFirst("^append:", ""));
            int uid = ServiceUnit.dynamicUid();
            assertThat(unit.value("Service", "Type")).isEqualTo("notify");
            try (NotifySocket notify = NotifySocket.abstractNamed("connmonitor-test-" + ProcessHandle.current().pid()
                    + "-" + uid)) {
                Process service = start(unit, root, uid, stdout, stderr, notify);
                try {
                    assertThat(notify.receive(WAIT)).isEqualTo("READY=1");
                    runUntilStopped(unit, root, service, uid, notify, stdout, stderr);
                } finally {
                    service.destroyForcibly();
                }
            }
            PosixFileAttributes log = Files.readAttributes(stdout, PosixFileAttributes.class);
            assertThat(log.owner().getName()).isEqualTo("root");
            assertThat(PosixFilePermissions.toString(log.permissions())).isEqualTo("rw-r-----");

            startPre(unit, root); // the next start keeps the operator's config
            assertThat(Files.readString(config)).endsWith(" ping=100 numpings=2 json=1\n");
        }
    }

    /** Records of all three kinds, as the unit's unprivileged user; a reload; a stop with exit 0. */
    private static void runUntilStopped(ServiceUnit unit, PackageRoot root, Process service, int uid,
            NotifySocket notify, Path stdout, Path stderr) throws Exception {
        Path config = root.path("/var/run/connmonitor.conf");
        LogTail records = new LogTail(stdout);
        List<JsonNode> firsts = records.awaitEach(List.of(line -> line.contains("\"ping\""),
                line -> line.contains("\"trace\""), line -> line.contains("\"scan\"")), WAIT).stream()
                .map(Json::parse).toList();
        JsonNode ping = firsts.get(0);
        assertThat(ping.get("name").asText()).isEqualTo("localhost");
        assertThat(ping.get("addr").asText()).isIn("127.0.0.1", "::1");
        assertThat(ping.at("/ping/loss").asDouble()).isZero();
        JsonNode trace = firsts.get(1).get("trace");
        assertThat(trace.get(trace.size() - 1).get(0).asText()).isEqualTo(ping.get("addr").asText());
        assertThat(firsts.get(2).get("scan").fieldNames()).toIterable().containsExactly("http", "https", "mysql");
        assertRunsUnprivileged(service.pid(), uid, root);

        String host = "127.9." + ThreadLocalRandom.current().nextInt(256) + "."
                + ThreadLocalRandom.current().nextInt(1, 255);
        Files.writeString(config, host + " ping=100 numpings=2 json=1\n");
        reload(unit, service.pid());
        records.await(line -> Json.parse(line).get("addr").asText().equals(host), WAIT);

        Commands.run(List.of("kill", "-s", unit.value("Service", "KillSignal"),
                Long.toString(service.pid()))).ok();
        long stopLimit = Long.parseLong(unit.value("Service", "TimeoutStopSec"));
        assertThat(service.waitFor(stopLimit, TimeUnit.SECONDS)).as("stopped in time").isTrue();
        assertThat(service.exitValue()).isZero();
        assertThat(records.unfinished()).isEmpty();
        assertThat(records.drain()).allSatisfy(Json::parse);
        List<String> notified = new ArrayList<>();
        do {
            notified.add(notify.receive(WAIT));
        } while (!notified.getLast().equals("STOPPING=1"));
        // the first STATUS= comes at READY=1, the next ones every 10 s; the reload is RELOADING=1 ... READY=1
        assertThat(notified.getFirst()).matches("STATUS=1 host, [0-9.]+ measurements/s, 0 problems now");
        assertThat(notified).filteredOn(m -> !m.startsWith("STATUS=")).satisfiesExactly(
                m -> assertThat(m).matches("RELOADING=1\nMONOTONIC_USEC=[0-9]+"),
                m -> assertThat(m).isEqualTo("READY=1"),
                m -> assertThat(m).isEqualTo("STOPPING=1"));
        assertThat(Files.readString(stderr)).as("nothing on stderr: raw sockets, no warning").isEmpty();
    }

    /** ExecStartPre=+systemd-tmpfiles ...: systemd's own tool, as root, told to act on the package root. */
    private static void startPre(ServiceUnit unit, PackageRoot root) throws Exception {
        ServiceUnit.ExecLine pre = unit.exec("ExecStartPre");
        assertThat(pre.fullPrivileges()).isTrue();
        assertThat(pre.argv().getFirst()).endsWith("/systemd-tmpfiles");
        List<String> command = new ArrayList<>(pre.argv());
        command.add(1, "--root=" + root.dir());
        Commands.run(command).ok();
    }

    private static Process start(ServiceUnit unit, PackageRoot root, int uid, Path stdout, Path stderr,
            NotifySocket notify) throws Exception {
        List<String> command = new ArrayList<>(unit.setpriv(uid));
        Map<String, String> options = ServiceUnit.environmentFile(root.path("/etc/default/connmonitor"));
        for (String argument : ServiceUnit.expand(unit.exec("ExecStart").argv(), options)) {
            command.add(argument.startsWith("/") ? root.path(argument).toString() : argument);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        // systemd's environment for a DynamicUser service, nothing of the test's (no JAVA_HOME).
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME", "/", "USER", "connmonitor", "LOGNAME", "connmonitor", "SHELL", "/usr/sbin/nologin",
                "NOTIFY_SOCKET", notify.address()));
        return builder.start();
    }

    /** The main process is the bundled JVM itself (the launcher execs it), with only CAP_NET_RAW. */
    private static void assertRunsUnprivileged(long pid, int uid, PackageRoot root) throws Exception {
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")))
                .isEqualTo(root.path("/usr/lib/connmonitor/runtime/bin/java").toRealPath());
        List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        assertThat(status).contains("Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid,
                "CapEff:\t" + CAP_NET_RAW_ONLY, "CapPrm:\t" + CAP_NET_RAW_ONLY, "CapAmb:\t" + CAP_NET_RAW_ONLY,
                "CapBnd:\t" + CAP_NET_RAW_ONLY, "NoNewPrivs:\t1");
    }

    /**
     * The last ExecReload=, /bin/kill -HUP $MAINPID, with $MAINPID as systemd fills it in. (The check before
     * it runs through systemd-cat, which needs a journal: SystemdIT runs it under real systemd.)
     */
    private static void reload(ServiceUnit unit, long mainPid) throws Exception {
        List<String> command = unit.exec("ExecReload").argv().stream()
                .map(argument -> argument.equals("$MAINPID") ? Long.toString(mainPid) : argument).toList();
        assertThat(command.getFirst()).isEqualTo("/bin/kill");
        Commands.run(command).ok();
    }
}
