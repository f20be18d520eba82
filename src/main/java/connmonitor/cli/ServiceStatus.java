package connmonitor.cli;

import connmonitor.probe.Observation;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The one-line summary that {@code systemctl status} shows (sd_notify STATUS=): how many hosts, how
 * many measurements per second since the last line, how many problems are open now.
 */
final class ServiceStatus {

    private final LongAdder measurements = new LongAdder();
    private final IntSupplier problemsNow;
    private final LongSupplier nanoTime;
    private volatile int hosts;
    private long lastCount;
    private long lastNanos;

    ServiceStatus(IntSupplier problemsNow, LongSupplier nanoTime) {
        this.problemsNow = problemsNow;
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
    }

    /** The hosts the current config monitors. */
    void hosts(int count) {
        hosts = count;
    }

    /** Passes every observation on, counting it. */
    Consumer<Observation> counting(Consumer<Observation> sink) {
        return observation -> {
            measurements.increment();
            sink.accept(observation);
        };
    }

    /** The line, with the rate since the previous call (or since start for the first). */
    synchronized String line() {
        long now = nanoTime.getAsLong();
        long count = measurements.sum();
        double seconds = (now - lastNanos) / 1e9;
        double rate = seconds > 0 ? (count - lastCount) / seconds : 0;
        lastCount = count;
        lastNanos = now;
        int problems = problemsNow.getAsInt();
        return String.format(Locale.ROOT, "%d host%s, %.1f measurements/s, %d problem%s now",
                hosts, hosts == 1 ? "" : "s", rate, problems, problems == 1 ? "" : "s");
    }
}
