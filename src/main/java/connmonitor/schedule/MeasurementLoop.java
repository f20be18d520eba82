package connmonitor.schedule;

import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Measurement;
import connmonitor.probe.Observation;
import connmonitor.probe.Probe;
import connmonitor.probe.PartlyMeasured;
import connmonitor.probe.Problems;
import connmonitor.probe.Unmeasurable;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One measurement kind of one host, repeated forever: measure, hand the result on, wait the period,
 * again. The next run is scheduled only when the previous one finished, so runs never overlap
 * (a trace never starts before the last one finished). No thread waits in between.
 */
final class MeasurementLoop {

    private final Target target;
    private final Kind kind;
    private final Probe<? extends Measurement> probe;
    private final long periodMicros;
    private final ScheduledExecutorService timer;
    private final Consumer<Observation> sink;
    private final Problems problems;
    private final Clock clock;
    private final Lateness lateness;
    /** When (System.nanoTime) the next run was asked for; read and written on the timer thread. */
    private long askedNanos;
    /** The lateness window in which this loop was last counted late. */
    private int lateWindow = -1;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> next;
    private volatile CompletableFuture<?> running = CompletableFuture.completedFuture(null);

    /** A loop whose late starts count nowhere (tests of one loop). */
    MeasurementLoop(Target target, Kind kind, Probe<? extends Measurement> probe, double periodMillis,
                    ScheduledExecutorService timer, Consumer<Observation> sink, Problems problems, Clock clock) {
        this(target, kind, probe, periodMillis, timer, sink, problems, clock, new Lateness());
    }

    MeasurementLoop(Target target, Kind kind, Probe<? extends Measurement> probe, double periodMillis,
                    ScheduledExecutorService timer, Consumer<Observation> sink, Problems problems, Clock clock,
                    Lateness lateness) {
        this.target = target;
        this.kind = kind;
        this.probe = probe;
        this.periodMicros = Math.round(periodMillis * 1000);
        this.timer = timer;
        this.sink = sink;
        this.problems = problems;
        this.clock = clock;
        this.lateness = lateness;
    }

    Target target() {
        return target;
    }

    void start(long delayMicros) {
        askedNanos = System.nanoTime() + delayMicros * 1000;
        next = timer.schedule(this::runOnce, delayMicros, TimeUnit.MICROSECONDS);
    }

    /** Schedules nothing more; a measurement already running still finishes and is handed on. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> scheduled = next;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /** Completes when the measurement running now (if any) has been handed on. */
    CompletableFuture<?> running() {
        return running;
    }

    private void runOnce() {
        if (stopped) {
            return;
        }
        countLateness();
        CompletableFuture<? extends Measurement> measurement;
        try {
            measurement = probe.measure(target);
        } catch (RuntimeException fault) {
            measurement = CompletableFuture.failedFuture(fault);
        }
        running = measurement.handle((result, fault) -> {
            try {
                handOn(result, fault);
            } finally {
                if (!stopped) {
                    askedNanos = System.nanoTime() + periodMicros * 1000;
                    next = timer.schedule(this::runOnce, periodMicros, TimeUnit.MICROSECONDS);
                }
            }
            return null;
        });
    }

    /**
     * The shared work of every kind: a result is passed on and ends any failure reported before; a
     * failure is reported (the problem log says it once, not every period), with what it measured.
     */
    private void handOn(Measurement result, Throwable fault) {
        switch (fault == null ? null : unwrap(fault)) {
            case null -> {
                problems.clear(target, kind);
                observe(result);
            }
            case PartlyMeasured partly -> {
                problems.report(target, kind, partly.type(), partly.description());
                observe(partly.measured());
            }
            case Unmeasurable unmeasurable ->
                    problems.report(target, kind, unmeasurable.type(), unmeasurable.description());
            case Throwable bug -> problems.report(target, kind, "InternalError",
                    kind.word() + " of " + target.name() + " failed: " + bug);
        }
    }

    private void observe(Measurement result) {
        sink.accept(new Observation(target, result, epochMicros(clock.instant())));
    }

    private void countLateness() {
        long late = System.nanoTime() - askedNanos;
        if (late > Lateness.LATE_NANOS) {
            int window = lateness.window();
            lateness.started(late, lateWindow != window);
            lateWindow = window;
        }
    }

    private static Throwable unwrap(Throwable fault) {
        return fault instanceof CompletionException && fault.getCause() != null ? fault.getCause() : fault;
    }

    private static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
