package connmonitor.schedule;

import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Measurement;
import connmonitor.probe.Observation;
import connmonitor.probe.Probe;
import connmonitor.probe.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Runs every host's measurement loops on one timer thread. Probes never block it (they return
 * futures), so thousands of hosts cost timer entries, not threads. First runs are spread over a
 * window so that thousands of hosts do not all fire on the same millisecond.
 */
public final class Scheduler {

    /** Start-up spread: at least a second, one more millisecond per host, never beyond a period. */
    private static final long MIN_SPREAD_MICROS = 1_000_000;
    private static final long SPREAD_PER_HOST_MICROS = 1_000;

    private final ScheduledExecutorService timer;
    private final Map<Kind, Probe<? extends Measurement>> probes;
    private final Consumer<Observation> sink;
    private final Problems problems;
    private final Clock clock;
    private final Lateness lateness = new Lateness();
    private final SplittableRandom random;
    private List<MeasurementLoop> loops = List.of();
    /** Loops of hosts replaced by a reload, kept only until their last measurement is handed on. */
    private final List<MeasurementLoop> retired = new ArrayList<>();
    /** Set by {@link #stop}: from then on nothing starts, not even the loops of a reload. */
    private boolean stopped;

    /**
     * @param timer the thread that starts measurements; it must never block, and probes may share it
     *              (see {@link #newTimer()})
     */
    public Scheduler(ScheduledExecutorService timer, Map<Kind, Probe<? extends Measurement>> probes,
                     Consumer<Observation> sink, Problems problems, Clock clock) {
        this(timer, probes, sink, problems, clock, new SplittableRandom());
    }

    /** Tests choose the seed that spreads first runs. */
    Scheduler(ScheduledExecutorService timer, Map<Kind, Probe<? extends Measurement>> probes,
              Consumer<Observation> sink, Problems problems, Clock clock, SplittableRandom random) {
        this.timer = timer;
        this.probes = Map.copyOf(probes);
        this.sink = sink;
        this.problems = problems;
        this.clock = clock;
        this.random = random;
    }

    /** The one timer thread of the process: it only starts measurements and runs short timeouts. */
    public static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                runnable -> Thread.ofPlatform().name("scheduler").daemon(true).unstarted(runnable));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** How late the timer starts measurements. */
    public Lateness lateness() {
        return lateness;
    }

    /** Stops the loops of the current hosts (their running measurements still finish) and starts these. */
    public synchronized void replace(List<Target> targets) {
        if (stopped) {
            return;
        }
        loops.forEach(MeasurementLoop::stop);
        List<MeasurementLoop> started = new ArrayList<>();
        long spread = MIN_SPREAD_MICROS + SPREAD_PER_HOST_MICROS * targets.size();
        for (Target target : targets) {
            start(target, spread, started);
        }
        retired.removeIf(loop -> loop.running().isDone());
        retired.addAll(loops);
        loops = started;
        retainOnly(loops);
    }

    /** What probes keep of hosts between runs is kept for the hosts of these loops only. */
    private void retainOnly(List<MeasurementLoop> current) {
        Set<Target> measured = new HashSet<>();
        current.forEach(loop -> measured.add(loop.target()));
        probes.values().forEach(probe -> probe.retainOnly(measured));
    }

    /**
     * Stops the loops of these targets only and starts loops for their replacements, leaving every other
     * host alone: a name that resolved to a new address moves without a reload.
     */
    public synchronized void swap(Collection<Target> leaving, Collection<Target> arriving) {
        if (stopped) {
            return;
        }
        Set<Target> gone = Set.copyOf(leaving);
        List<MeasurementLoop> kept = new ArrayList<>(loops.size());
        retired.removeIf(loop -> loop.running().isDone());
        for (MeasurementLoop loop : loops) {
            if (gone.contains(loop.target())) {
                loop.stop();
                retired.add(loop);
            } else {
                kept.add(loop);
            }
        }
        long spread = MIN_SPREAD_MICROS + SPREAD_PER_HOST_MICROS * arriving.size();
        for (Target target : arriving) {
            start(target, spread, kept);
        }
        loops = kept;
        retainOnly(loops);
    }

    /** Starts the loops of one target, each first run at a random point of the spread window. */
    private void start(Target target, long spread, List<MeasurementLoop> started) {
        for (Kind kind : Kind.values()) {
            double period = kind.periodMillis(target.options());
            Probe<? extends Measurement> probe = probes.get(kind);
            if (period <= 0 || probe == null) {
                continue;
            }
            MeasurementLoop loop = new MeasurementLoop(target, kind, probe, period, timer, sink, problems, clock,
                    lateness);
            long window = Math.min(spread, Math.round(period * 1000));
            loop.start(window > 0 ? random.nextLong(window) : 0);
            started.add(loop);
        }
    }

    /**
     * Schedules nothing more, for good: measurements already running still finish and are handed on.
     * Safe from any thread: a stop signal calls it at once, because the thread that owns stdout may be
     * blocked writing to a slow reader, and measuring on meanwhile would only lengthen the queue it
     * must print before it can exit.
     */
    public synchronized void stop() {
        stopped = true;
        loops.forEach(MeasurementLoop::stop);
    }

    /** Schedules nothing more, and completes once every running measurement has been handed on. */
    public synchronized CompletableFuture<Void> stopAndDrain() {
        stop();
        List<CompletableFuture<?>> running = new ArrayList<>();
        for (MeasurementLoop loop : loops) {
            running.add(loop.running());
        }
        for (MeasurementLoop loop : retired) {
            running.add(loop.running());
        }
        retired.clear();
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    }
}
