package connmonitor.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real systemd booted as PID 1 in namespaces of its own (pid, mount, network with only loopback, uts,
 * ipc, cgroup), on an overlay of this machine's root whose writes go to a tmpfs, with a package root
 * copied in and {@code connmonitor.service} as its only job: the unit runs exactly as on an installed
 * system. Machine-wide state stays out of reach the way container managers keep it: /proc/sys and /sys
 * read-only (so sysctl, binfmt and module units skip themselves), a private /dev, and no capability for
 * the clock, modules, audit, syslog or raw I/O. The only trace outside is a cgroup of its own in the
 * name=systemd and unified hierarchies, removed on close.
 */
public final class SystemdContainer implements AutoCloseable {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(30);

    private static final String BOOT = """
            set -euo pipefail
            pkgroot="$1"; base="$2"; cg="$3"
            mkdir "/sys/fs/cgroup/systemd/$cg" "/sys/fs/cgroup/unified/$cg"
            echo $$ > "/sys/fs/cgroup/systemd/$cg/cgroup.procs"
            echo $$ > "/sys/fs/cgroup/unified/$cg/cgroup.procs"
            exec unshare --pid --fork --mount --net --uts --ipc --cgroup --propagation private bash -euc '
            pkgroot="$1"; base="$2"; r="$base/root"
            mount -t tmpfs tmpfs "$base/rw"
            mkdir "$base/rw/upper" "$base/rw/work"
            mount -t overlay overlay -o "lowerdir=/,upperdir=$base/rw/upper,workdir=$base/rw/work" "$r"
            tar -C "$pkgroot" --exclude=./var/lib/dpkg -cf - . | tar -C "$r" -xf - --keep-directory-symlink
            mount -t proc proc "$r/proc"
            mount --bind "$r/proc/sys" "$r/proc/sys"
            mount -o remount,bind,ro "$r/proc/sys"
            mount --bind /sys "$r/sys"
            mount -o remount,bind,ro "$r/sys"
            mount -t tmpfs -o mode=755 tmpfs "$r/sys/fs/cgroup"
            mkdir "$r/sys/fs/cgroup/systemd" "$r/sys/fs/cgroup/unified"
            mount -t cgroup -o none,name=systemd cgroup "$r/sys/fs/cgroup/systemd"
            mount -t cgroup2 cgroup2 "$r/sys/fs/cgroup/unified"
            mount -t tmpfs -o mode=755,nosuid tmpfs "$r/dev"
            for node in null zero full random urandom tty; do
              touch "$r/dev/$node"; mount --bind "/dev/$node" "$r/dev/$node"
            done
            touch "$r/dev/console"; mount --bind /dev/null "$r/dev/console"
            mkdir "$r/dev/pts" "$r/dev/shm"
            mount -t devpts -o newinstance,ptmxmode=0666 devpts "$r/dev/pts"
            ln -s pts/ptmx "$r/dev/ptmx"
            mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm"
            mount -t tmpfs -o mode=755 tmpfs "$r/run"
            mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
            mkdir -p "$r/etc/systemd/system"
            printf "[Unit]\\nRequires=connmonitor.service\\nAfter=connmonitor.service\\n" > "$r/etc/systemd/system/connmonitor-test.target"
            hostname connmonitor-test
            exec setpriv --bounding-set=-sys_time,-sys_module,-sys_boot,-audit_control,-audit_read,-audit_write,-syslog,-wake_alarm,-sys_rawio,-mac_admin,-mac_override,-sys_nice,-sys_resource \\
              chroot "$r" /usr/bin/env container=connmonitor-test /lib/systemd/systemd --unit=connmonitor-test.target \\
              --log-target=console --show-status=no
            ' boot "$pkgroot" "$base"
            """;

    private final Path base;
    private final String cgroup;
    private final Process unshare;
    private long systemdPid;

    private SystemdContainer(Path base, String cgroup, Process unshare) {
        this.base = base;
        this.cgroup = cgroup;
        this.unshare = unshare;
    }

    /** Why systemd cannot be booted here, if it cannot: then tests that need it are skipped, saying so. */
    public static Optional<String> unsupported() throws IOException {
        if (!Files.isExecutable(Path.of("/lib/systemd/systemd"))) {
            return Optional.of("systemd is not installed");
        }
        if (!Files.readString(Path.of("/proc/filesystems")).contains("overlay")) {
            return Optional.of("the kernel has no overlay file system");
        }
        if (!Files.exists(CGROUPS.resolve("systemd/cgroup.procs")) || !Files.exists(CGROUPS.resolve("unified/cgroup.procs"))) {
            return Optional.of("cgroups are not in the hybrid layout (name=systemd and unified) this test sets up");
        }
        return Optional.empty();
    }

    /** Boots systemd with the package root's files laid over this machine's; returns once systemd listens. */
    public static SystemdContainer boot(PackageRoot root) throws IOException, InterruptedException {
        Path base = Files.createTempDirectory(DebPackage.jar().getParent(), "systemd-");
        Files.createDirectories(base.resolve("root"));
        Files.createDirectories(base.resolve("rw"));
        String cgroup = "connmonitor-test-" + ProcessHandle.current().pid() + "-" + base.getFileName();
        Process unshare = new ProcessBuilder("bash", "-c", BOOT, "boot", root.dir().toString(), base.toString(), cgroup)
                .redirectErrorStream(true).redirectOutput(base.resolve("boot.log").toFile()).start();
        SystemdContainer container = new SystemdContainer(base, cgroup, unshare);
        try {
            container.awaitSystemd();
            return container;
        } catch (IOException | InterruptedException | RuntimeException | Error failed) {
            container.close();
            throw failed;
        }
    }

    private void awaitSystemd() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!unshare.isAlive()) {
                throw new AssertionError("the boot ended: " + Files.readString(base.resolve("boot.log")));
            }
            Optional<ProcessHandle> child = unshare.toHandle().children().findFirst();
            if (child.isPresent() && child.get().info().command().orElse("").endsWith("/systemd")) {
                systemdPid = child.get().pid();
                if (Files.exists(file("/run/systemd/private"))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("systemd did not come up within " + BOOT_LIMIT + ": "
                + Files.readString(base.resolve("boot.log")));
    }

    /** A path of the booted system, seen from here (through /proc/PID/root). */
    public Path file(String absolute) {
        return Path.of("/proc", Long.toString(systemdPid), "root", absolute.substring(1));
    }

    /** Runs a command inside, e.g. {@code systemctl reload connmonitor}. */
    public Commands.Outcome run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(systemdPid), "--all",
                "--root", "--wd"));
        full.addAll(List.of(command));
        return Commands.run(full);
    }

    /** The unit's state, its files and the last journal lines, for failure messages. */
    public String diagnostics() throws IOException, InterruptedException {
        return run("sh", "-c", "systemctl status --no-pager connmonitor; ls -la /run/connmonitor.conf /var/log/connmonitor.*;"
                + " tail -c 2000 /var/log/connmonitor.err; tail -c 1000 /var/log/connmonitor.log;"
                + " journalctl --no-pager -n 40").out();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (systemdPid != 0 && unshare.isAlive()) {
            run("systemctl", "poweroff", "--no-block");
            unshare.waitFor(20, TimeUnit.SECONDS);
        }
        if (systemdPid != 0 && unshare.isAlive()) {
            // PID 1 of the namespace: killing it ends every process in it.
            ProcessHandle.of(systemdPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        unshare.destroyForcibly();
        unshare.waitFor(10, TimeUnit.SECONDS);
        for (String hierarchy : List.of("systemd", "unified")) {
            removeCgroup(CGROUPS.resolve(hierarchy).resolve(cgroup));
        }
        try (Stream<Path> paths = Files.walk(base)) { // the namespace's mounts went with it
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** cgroup directories go with rmdir, innermost first, once their processes have gone. */
    private static void removeCgroup(Path dir) throws IOException, InterruptedException {
        for (int attempt = 0; Files.exists(dir); attempt++) {
            try (Stream<Path> dirs = Files.walk(dir)) {
                for (Path sub : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(sub);
                }
            } catch (IOException busy) {
                if (attempt == 50) {
                    throw busy;
                }
                Thread.sleep(100);
            }
        }
    }
}
