package connmonitor.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names, creates and removes the lab's network namespaces. A namespace is named
 * {@code cml<pid>-<n>-<node>}: the owning JVM's pid makes names unique among concurrent runs and
 * lets a later run remove what a crashed run left behind (only when that pid is no longer alive).
 */
final class Namespaces {

    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final Pattern OURS = Pattern.compile("cml(\\d+)-(\\d+)-[a-z][a-z0-9]*");
    private static final AtomicInteger LABS = new AtomicInteger();
    private static final Duration GRACE = Duration.ofSeconds(2);

    private Namespaces() {
    }

    /** A fresh prefix for one lab of this JVM, e.g. {@code cml4242-1-}. */
    static String newLabPrefix() {
        return "cml" + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet() + "-";
    }

    static void create(String namespace) {
        Shell.run(List.of("ip", "netns", "add", namespace)).orThrow();
    }

    /** Ends every process inside the namespace (TERM, then KILL after a grace period), then removes it. */
    static void delete(String namespace) {
        killProcessesIn(namespace);
        ExecResult deleted = Shell.run(List.of("ip", "netns", "del", namespace));
        if (!deleted.ok() && exists(namespace)) {
            deleted.orThrow();
        }
    }

    static boolean exists(String namespace) {
        return Files.exists(NETNS_DIR.resolve(namespace));
    }

    /** Every namespace name on this machine (everyone's; callers filter). */
    static List<String> all() {
        if (!Files.isDirectory(NETNS_DIR)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(NETNS_DIR)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NETNS_DIR, e);
        }
    }

    /** The pid of the JVM that made the namespace, when the name is one of the lab's. */
    static Optional<Long> owner(String namespace) {
        Matcher m = OURS.matcher(namespace);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Removes lab namespaces whose owning process has died (a crashed or killed earlier run). */
    static List<String> sweepOrphans() {
        List<String> removed = new ArrayList<>();
        for (String namespace : all()) {
            Optional<Long> owner = owner(namespace);
            if (owner.isPresent() && ProcessHandle.of(owner.get()).isEmpty()) {
                delete(namespace);
                removed.add(namespace);
            }
        }
        return removed;
    }

    static List<ProcessHandle> processesIn(String namespace) {
        ExecResult pids = Shell.run(List.of("ip", "netns", "pids", namespace));
        if (!pids.ok()) {
            return List.of();
        }
        return pids.stdout().lines().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> ProcessHandle.of(Long.parseLong(s))).flatMap(Optional::stream).toList();
    }

    private static void killProcessesIn(String namespace) {
        List<ProcessHandle> processes = processesIn(namespace);
        if (processes.isEmpty()) {
            return;
        }
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(20);
        }
        processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        deadline = System.nanoTime() + GRACE.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
