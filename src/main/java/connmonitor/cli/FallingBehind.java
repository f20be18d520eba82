package connmonitor.cli;

import connmonitor.icmp.ProbeEngine;
import connmonitor.output.Log;
import connmonitor.schedule.Lateness;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Makes it visible when the monitor cannot keep up with its config: measurements that start later
 * than their periods ask, because the timer thread is late or the ICMP engine's paced sends have a
 * backlog. Sampled once a second; after {@link #ENTER_SECONDS} late seconds in a row one WW line says
 * how far behind and on how many hosts, and after {@link #LEAVE_SECONDS} on-time seconds in a row one
 * more says it keeps up again. Never a line per late start: at 30,000 hosts that would be a flood.
 */
final class FallingBehind {

    static final int ENTER_SECONDS = 3;
    static final int LEAVE_SECONDS = 10;

    /** How late the timer started loops in one second, and the engine's send backlog at its end. */
    interface Source {
        Lateness.Window takeTimerWindow();

        long engineBacklogNanos(long nanoTimeNow);

        int engineBacklogRequests();

        long lateStarts();
    }

    private final Log log;
    private final Source source;
    private final LongSupplier nanoTime;
    private int lateRun;
    private int onTimeRun;
    private boolean behind;
    private long worstNanos;
    private long worstHosts;

    FallingBehind(Log log, Source source, LongSupplier nanoTime) {
        this.log = log;
        this.source = source;
        this.nanoTime = nanoTime;
    }

    static Source sourceOf(Lateness timer, ProbeEngine engine) {
        return new Source() {
            @Override
            public Lateness.Window takeTimerWindow() {
                return timer.takeWindow();
            }

            @Override
            public long engineBacklogNanos(long nanoTimeNow) {
                return engine.backlogNanos(nanoTimeNow);
            }

            @Override
            public int engineBacklogRequests() {
                return engine.backlogRequests();
            }

            @Override
            public long lateStarts() {
                return timer.lateStarts() + engine.lateSends();
            }
        };
    }

    /** Once a second. */
    synchronized void sample() {
        Lateness.Window timer = source.takeTimerWindow();
        long engineNanos = source.engineBacklogNanos(nanoTime.getAsLong());
        boolean engineLate = engineNanos > Lateness.LATE_NANOS;
        long nanos = Math.max(timer.worstNanos(), engineNanos);
        long hosts = Math.max(timer.lateLoops(), engineLate ? source.engineBacklogRequests() : 0);
        if (nanos > Lateness.LATE_NANOS) {
            lateRun++;
            onTimeRun = 0;
            worstNanos = Math.max(worstNanos, nanos);
            worstHosts = Math.max(worstHosts, hosts);
        } else {
            onTimeRun++;
            lateRun = 0;
            if (!behind) {
                worstNanos = 0;
                worstHosts = 0;
            }
        }
        if (!behind && lateRun >= ENTER_SECONDS) {
            behind = true;
            log.warn(String.format(Locale.ROOT, "falling behind: measurements start up to %.1f s later than their "
                    + "periods ask, on %d hosts (%s); fewer hosts or longer periods would fit",
                    worstNanos / 1e9, worstHosts, engineLate ? "the ICMP engine's paced sends are backed up"
                            : "the scheduler cannot start them in time"));
        } else if (behind && onTimeRun >= LEAVE_SECONDS) {
            behind = false;
            log.warn(String.format(Locale.ROOT, "keeping up again: measurements start on time (they were up to "
                    + "%.1f s late, on up to %d hosts)", worstNanos / 1e9, worstHosts));
            worstNanos = 0;
            worstHosts = 0;
        }
    }

    /** For the STATUS= line: empty while on time. */
    synchronized String status() {
        return behind ? String.format(Locale.ROOT, ", behind by up to %.1f s on %d hosts", worstNanos / 1e9,
                worstHosts) : "";
    }

    /** Starts later than 100 ms so far (timer and engine together), for the late-starts counter. */
    long lateStarts() {
        return source.lateStarts();
    }
}
