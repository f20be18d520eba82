package connmonitor.output;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.trace.PathTracker;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where every finished measurement goes: each one is exported (every trace counts for route changes),
 * and printed unless it is a trace whose route has not changed, or a set of paths ({@code paths=}) that has
 * not changed. A trace of a host with {@code path=}
 * also feeds its path window, which now and then yields a path record, exported and printed alike.
 * Records taken in together are printed together, in one write. Used by one thread, the one that
 * owns stdout.
 */
public final class ObservationSink {

    private final Consumer<Observation> export;
    private final RecordPrinter printer;
    private final Log log;
    private final RouteChangeFilter routes = new RouteChangeFilter();
    private final PathSetFilter pathSets = new PathSetFilter();
    private final PathTracker paths = new PathTracker();
    private final List<Observation> unprinted = new ArrayList<>();

    /**
     * @param export told about every observation (the metrics), before it is printed
     * @param stdout where records go, unbuffered
     */
    public ObservationSink(Consumer<Observation> export, OutputStream stdout, Log log) {
        this(export, stdout, java.util.Optional.empty(), log);
    }

    /** @param vantage this monitor's name (--vantage), written into every JSON record */
    public ObservationSink(Consumer<Observation> export, OutputStream stdout, java.util.Optional<String> vantage,
                          Log log) {
        this.export = export;
        this.printer = new RecordPrinter(stdout, vantage);
        this.log = log;
    }

    /** Exports the observation and keeps it for the next {@link #print} when it is to be printed. */
    public void accept(Observation observation) {
        export.accept(observation);
        if (routes.shouldPrint(observation) && pathSets.shouldPrint(observation)) {
            unprinted.add(observation);
        }
        paths.observe(observation).ifPresent(path -> {
            export.accept(path);
            unprinted.add(path);
        });
    }

    /** Prints what was taken in since the last call; false (after an EE line) when stdout is gone. */
    public boolean print() {
        if (unprinted.isEmpty()) {
            return true;
        }
        try {
            printer.print(unprinted);
            return true;
        } catch (IOException broken) {
            log.error("BrokenPipeError", "cannot write records to standard output: " + broken.getMessage());
            return false;
        } finally {
            unprinted.clear();
        }
    }

    /**
     * After a successful reload: forgets every route printed, so each host's next trace is printed
     * again even when its route did not change (4.1.3 restarts every collector on a reload); the path
     * windows and last printed path sets of the hosts still configured carry on.
     */
    public void reloaded(Collection<Target> targets) {
        routes.forgetAll();
        paths.retainOnly(targets);
        pathSets.retainOnly(targets);
    }

    /**
     * After a name moved to new addresses (resolve=): the path windows and printed routes of the old addresses
     * go (a moved target is a new target, so its first trace prints anyway).
     */
    public void moved(Collection<Target> targets) {
        paths.retainOnly(targets);
        routes.retainOnly(targets);
        pathSets.retainOnly(targets);
    }

    /** How many hosts' printed routes are remembered (for tests). */
    int routesRemembered() {
        return routes.remembered();
    }
}
