package connmonitor.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resource figures of a running process, read from /proc and jcmd, for tests that watch for leaks. */
public record ProcessStats(long rssKb, int fds, int threads, double cpuSeconds) {

    private static final long CLOCK_TICKS = 100;

    public static ProcessStats of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        int fds;
        try (var list = Files.list(proc.resolve("fd"))) {
            fds = (int) list.count();
        }
        int threads;
        try (var list = Files.list(proc.resolve("task"))) {
            threads = (int) list.count();
        }
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        return new ProcessStats(rss, fds, threads, cpu);
    }

    /**
     * Seconds the process's live threads have so far spent runnable but waiting for a CPU (the second
     * field of each /proc/PID/task/TID/schedstat): how starved of CPU the process was, whatever it did.
     */
    public static double runQueueWaitSeconds(long pid) throws IOException {
        long nanos = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    nanos += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]);
                } catch (java.nio.file.NoSuchFileException ended) {
                    // a thread that ended since the listing waits for nothing any more
                }
            }
        }
        return nanos / 1e9;
    }

    /**
     * Java heap in use after a full collection, in KiB: the live objects that jcmd's class histogram
     * counts in the same pause as the full collection it forces. (GC.run and then GC.heap_info counted
     * whatever was allocated between the two jcmd calls too: under a load of 20, jcmd takes seconds to
     * start, and 200 busy hosts allocated up to 14 MiB meanwhile while the histogram stayed flat.)
     */
    public static long heapUsedAfterGcKb(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        String histogram = run(List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"));
        Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(histogram);
        if (!total.find()) {
            throw new IOException("cannot read heap use from: " + histogram.lines().limit(5).toList());
        }
        return Long.parseLong(total.group(1)) / 1024;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }
}
