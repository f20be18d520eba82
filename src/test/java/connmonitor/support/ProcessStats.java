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

    /** Java heap in use after a full collection, in KiB, asked of the process with jcmd. */
    public static long heapUsedAfterGcKb(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        run(List.of(jcmd.toString(), Long.toString(pid), "GC.run"));
        String info = run(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"));
        Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        long sum = 0;
        while (used.find()) {
            sum += Long.parseLong(used.group(2));
        }
        if (sum == 0) {
            throw new IOException("cannot read heap use from: " + info);
        }
        return sum;
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
