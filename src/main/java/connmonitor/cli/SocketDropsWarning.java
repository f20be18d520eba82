package connmonitor.cli;

import connmonitor.icmp.SocketDrops;
import connmonitor.output.Log;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Says on stderr when the kernel dropped packets at the engines' full sockets: replies lost in this
 * machine (the engines did not read in time), which the loss figures would otherwise pass off as the
 * network's. The kernel counts every packet that found the buffer full, also those the socket's filters
 * would have turned away, so the count is an upper bound of the replies lost (see {@link SocketDrops}). Reads the kernel's counts every {@link #READ_EVERY_NANOS} and prints at most one WW line per
 * {@link #WARN_EVERY_NANOS}, with the drops since the previous line: an overloaded monitor drops all the
 * time, and a line per reading would be a flood.
 */
final class SocketDropsWarning {

    static final long READ_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** The kernel's counts per family: {@link SocketDrops}, or a stand-in in tests. */
    interface Counts {
        void sample();

        long total(boolean ipv6);
    }

    private final Log log;
    private final Counts counts;
    private final LongSupplier nanoTime;
    private long lastRead;
    private boolean read;
    private long lastWarning;
    private boolean warned;
    private long warnedV4;
    private long warnedV6;

    SocketDropsWarning(Log log, Counts counts, LongSupplier nanoTime) {
        this.log = log;
        this.counts = counts;
        this.nanoTime = nanoTime;
    }

    static Counts countsOf(SocketDrops drops) {
        return new Counts() {
            @Override
            public void sample() {
                drops.sample();
            }

            @Override
            public long total(boolean ipv6) {
                return drops.total(ipv6);
            }
        };
    }

    /** Once a second (the heartbeat); reads the kernel's counts only every {@link #READ_EVERY_NANOS}. */
    synchronized void tick() {
        long now = nanoTime.getAsLong();
        if (read && now - lastRead < READ_EVERY_NANOS) {
            return;
        }
        read = true;
        lastRead = now;
        check(now);
    }

    /** Reads the counts now and warns if they grew, unless a warning went out less than a minute ago. */
    synchronized void check(long now) {
        counts.sample();
        long v4 = counts.total(false);
        long v6 = counts.total(true);
        long dropped = (v4 - warnedV4) + (v6 - warnedV6);
        if (dropped <= 0 || (warned && now - lastWarning < WARN_EVERY_NANOS)) {
            return;
        }
        log.warn("the kernel dropped " + dropped + " packets at connmonitor's full sockets "
                + (warned ? "since the last warning" : "since it started") + " (IPv4 " + (v4 - warnedV4) + ", IPv6 "
                + (v6 - warnedV6) + "): the monitor did not read in time, and the replies among them count as lost "
                + "in the loss figures of that time; fewer hosts, more --engines or more CPU would help");
        warned = true;
        lastWarning = now;
        warnedV4 = v4;
        warnedV6 = v6;
    }
}
