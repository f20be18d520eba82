package connmonitor.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * For bench/web.sh: the live view's memory and overview speed at fleet scale. Generates the JSON record
 * log of HOSTS hosts over a week (an hourly burst for six days, one every five minutes for the last day,
 * every minute for the last hour and 45 bursts in the minute still filling, so every resolution and the
 * sample reservoir are full; a route change and a scan per host), streams it through {@link HistorySeed}
 * as --history reads a log, and prints the heap the history takes and how long the overview takes.
 * Usage: HistoryBench [HOSTS]
 */
public final class HistoryBench {

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long now = System.currentTimeMillis();
        long before = usedHeap();
        HistoryStore store = new HistoryStore();
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        long[] lines = new long[1];
        Thread writer = Thread.ofPlatform().name("log-writer").start(() -> {
            try (out) {
                lines[0] = writeLog(out, hosts, now);
            } catch (IOException broken) {
                throw new java.io.UncheckedIOException(broken);
            }
        });
        long start = System.nanoTime();
        long taken = new HistorySeed(store, now).read(in);
        double seconds = (System.nanoTime() - start) / 1e9;
        writer.join();
        long after = usedHeap();
        double mib = (after - before) / (1024.0 * 1024);
        System.out.printf(Locale.ROOT, "log:       %,d lines generated, %,d records taken in %.1f s (%,.0f records/s)%n",
                lines[0], taken, seconds, taken / seconds);
        System.out.printf(Locale.ROOT, "history:   %,d hosts, %.1f MiB of heap (%,d bytes per host) after full GC%n",
                store.size(), mib, (after - before) / store.size());
        double[] overview = time(() -> store.overview("", 0, 100));
        double[] search = time(() -> store.overview("10.1.", 0, 100));
        System.out.printf(Locale.ROOT, "overview:  worst 100 of %,d hosts in %.1f ms (median of 21), search in %.1f ms%n",
                store.size(), overview[10], search[10]);
        System.out.printf(Locale.ROOT, "budget:    %s (at most 100 MiB for 10,000 hosts)%n",
                mib * 10_000 / hosts <= 100 ? "OK" : "OVER");
        System.out.println(store.overview("", 0, 1).rows().getFirst()); // keeps the store alive until measured
    }

    private static double[] time(Runnable run) {
        double[] millis = new double[21];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            run.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static StringBuilder head(StringBuilder line, String addr, String name, long t) {
        return line.append("{\"addr\":\"").append(addr).append("\",\"name\":\"").append(name)
                .append("\",\"timestamp\":").append(t).append(".000000,");
    }

    /** As C's %f prints it (six decimals), without String.format's cost: the log is millions of lines. */
    private static StringBuilder fixed6(StringBuilder line, double value) {
        long micros = Math.round(value * 1e6);
        String fraction = Long.toString(micros % 1_000_000);
        line.append(micros / 1_000_000).append('.');
        for (int i = fraction.length(); i < 6; i++) {
            line.append('0');
        }
        return line.append(fraction);
    }

    /** Writes the log in time order, every host at each step, as a monitor would; returns the lines written. */
    static long writeLog(OutputStream sink, int hosts, long now) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(sink, 1 << 16);
        Random random = new Random(42);
        long minute = 60_000;
        long lines = 0;
        long t = now - 7 * 1440 * minute;
        StringBuilder line = new StringBuilder(256);
        while (t < now) {
            long left = now - t;
            for (int h = 0; h < hosts; h++) {
                String name = "host-" + h;
                String addr = "10." + (h >> 16 & 255) + "." + (h >> 8 & 255) + "." + (h & 255);
                line.setLength(0);
                double base = 5 + h % 50;
                double min = base + random.nextDouble();
                double max = min + 5 * random.nextDouble();
                double loss = h % 100 == 0 ? 10 * random.nextInt(4) : 0;
                head(line, addr, name, t).append("\"ping\":{\"min\":");
                fixed6(line, min).append(",\"avg\":");
                fixed6(line, (min + max) / 2).append(",\"max\":");
                fixed6(line, max).append(",\"std\":");
                fixed6(line, (max - min) / 4).append(",\"loss\":");
                fixed6(line, loss).append("}}\n");
                lines++;
                if (left == 7 * 1440 * minute || left == 12 * 60 * minute) { // a first route, then a change
                    String hop = left > 86_400_000 ? "10.255.0.1" : "10.255.0.2";
                    line.append(String.format(Locale.ROOT, "{\"addr\":\"%s\",\"name\":\"%s\",\"timestamp\":%d.000000,"
                            + "\"trace\":[[\"%s\", 0.500000],[\"*\"],[\"%s\", %f]]}%n", addr, name, t, hop, addr, min));
                    line.append(String.format(Locale.ROOT, "{\"addr\":\"%s\",\"name\":\"%s\",\"timestamp\":%d.000000,"
                            + "\"scan\":{\"http\":{\"rtt\":1.000000,\"response code\":\"200\",\"server\":\"nginx\"},"
                            + "\"https\":\"None\",\"mysql\":\"None\"}}%n", addr, name, t));
                    lines += 2;
                }
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
            t += left > 1440 * minute ? 60 * minute : left > 60 * minute ? 5 * minute : left > minute ? minute : 1300;
        }
        out.flush();
        return lines;
    }
}
