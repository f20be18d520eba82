package connmonitor.cli;

import connmonitor.config.ConfigLoader;
import connmonitor.config.ConfigSource;
import connmonitor.config.HostResolver;
import connmonitor.config.Reresolver;
import connmonitor.config.Target;
import connmonitor.icmp.EngineShards;
import connmonitor.http.WebConfig;
import connmonitor.icmp.SocketDrops;
import connmonitor.icmp.SocketMode;
import connmonitor.metrics.MetricsAddress;
import connmonitor.metrics.MetricsOptions;
import connmonitor.metrics.MetricsServer;
import connmonitor.output.LibraryLogs;
import connmonitor.output.Log;
import connmonitor.output.ProblemLog;
import connmonitor.output.ObservationSink;
import connmonitor.ping.PingProbe;
import connmonitor.probe.Kind;
import connmonitor.probe.Measurement;
import connmonitor.probe.Observation;
import connmonitor.probe.Probe;
import connmonitor.probe.Problems;
import connmonitor.schedule.Scheduler;
import connmonitor.scan.ScanProbe;
import connmonitor.trace.MultipathProbe;
import connmonitor.trace.TraceProbe;
import connmonitor.web.LiveView;
import connmonitor.web.WebOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's lifecycle: load the config, run every host's loops, re-read the config on SIGHUP, and
 * on SIGTERM/SIGINT let running measurements finish and print before exiting 0.
 * <p>
 * The main thread owns stdout: finished measurements and signals arrive in one mailbox and are handled
 * in order, so records are printed by a single thread and a reload never races a print.
 */
final class Daemon {

    /** Longest a stop waits for running measurements: beyond the longest probe timeout. */
    private static final long DRAIN_LIMIT_SECONDS = 30;
    private static final int MAX_BATCH = 4096;
    /** After a wake-up, mail gathers this long before it is read: one wake-up per batch, not per record. */
    private static final long GATHER_MILLIS = 5;

    private final ConfigSource source;
    private final Optional<MetricsAddress> metricsAddress;
    private final OutputStream stdout;
    /** This monitor's name in a fleet (--vantage): on every JSON record and connmonitor metric. */
    private final Optional<String> vantage;
    private final MetricsOptions metricsOptions;
    private final Log log;
    private final BlockingQueue<Mail> mailbox = new LinkedBlockingQueue<>();
    /** Set once the config has loaded, when --metrics asks for it. */
    private Optional<MetricsServer> metrics = Optional.empty();
    private final Optional<WebOptions> webOptions;
    /** Set once the config has loaded, when --web asks for it. */
    private Optional<LiveView> web = Optional.empty();
    private final SystemdNotify systemd;
    private final EngineCount engineCount;
    /** The targets measured now: the last load's, with moves of re-resolved names applied. */
    private List<Target> current = List.of();
    /** Follows the names of the current load (resolve=); replaced on every reload. */
    private Reresolver names;

    Daemon(ConfigSource source, Optional<MetricsAddress> metricsAddress, MetricsOptions metricsOptions,
           Optional<String> vantage, Optional<WebOptions> webOptions, EngineCount engineCount,
           OutputStream stdout, Log log) {
        this.engineCount = engineCount;
        this.source = source;
        this.metricsAddress = metricsAddress;
        this.vantage = vantage;
        this.stdout = stdout;
        this.webOptions = webOptions;
        this.metricsOptions = metricsOptions;
        this.log = log;
        this.systemd = SystemdNotify.fromEnvironment(log);
    }

    ExitCode run() {
        // read once, for both endpoints: one file, one set of users and one certificate; before the hosts, whose names may take long to resolve
        Optional<WebConfig> webConfig = Endpoints.webConfig(metricsOptions.webConfigFile(), log);
        if (webConfig.isEmpty()) {
            return ExitCode.FAILURE;
        }
        List<Target> targets = load();
        if (targets == null) {
            return ExitCode.FAILURE;
        }
        if (metricsAddress.isPresent() || webOptions.isPresent()) {
            LibraryLogs.routeTo(log); // the HTTP servers and the client library log through java.util.logging
        }
        if (webOptions.isPresent()) { // first: the connection bound it sets is read when the first server starts
            web = Endpoints.liveView(webOptions.get(), targets, webConfig.get(), log);
            if (web.isEmpty()) {
                return ExitCode.FAILURE;
            }
            web.get().vantage(vantage);
        }
        try {
            if (metricsAddress.isPresent()) {
                metrics = Endpoints.metrics(metricsAddress.get(), targets, vantage, metricsOptions, webConfig.get(), log);
                if (metrics.isEmpty()) {
                    return ExitCode.FAILURE;
                }
            }
            return monitor(targets);
        } finally {
            metrics.ifPresent(MetricsServer::close);
            web.ifPresent(LiveView::close);
        }
    }

    private ExitCode monitor(List<Target> targets) {
        ProblemLog problems = new ProblemLog(log);
        ObservationSink records = new ObservationSink(observation -> {
            metrics.ifPresent(m -> m.accept(observation));
            web.ifPresent(view -> view.accept(observation));
        }, stdout, vantage, log);
        Problems counted = metrics.map(server -> server.counting(problems)).orElse(problems);
        try (EngineShards engine = EngineShards.start(true, fault -> log.error("InternalError", String.valueOf(fault)),
                engineCount.forTargets(targets), EngineCount.peakInFlight(targets))) {
            if (!SocketCheck.usable(engine, targets, log)) {
                return ExitCode.FAILURE;
            }
            SocketDrops drops = SocketDrops.of(engine); // from now on: not what came before the filters
            metrics.ifPresent(server -> server.countSocketDrops(() -> drops.total(false), () -> drops.total(true)));
            SocketDropsWarning dropsWarning = new SocketDropsWarning(log, SocketDropsWarning.countsOf(drops),
                    System::nanoTime);
            ScheduledThreadPoolExecutor timer = Scheduler.newTimer();
            try {
                Map<Kind, Probe<? extends Measurement>> probes = new EnumMap<>(Kind.class);
                probes.put(Kind.PING, new PingProbe(engine));
                probes.put(Kind.TRACE, new TraceProbe(engine, timer));
                probes.put(Kind.SCAN, new ScanProbe());
                probes.put(Kind.PATHS, new MultipathProbe(engine, timer));
                ServiceStatus status = new ServiceStatus(problems::active, System::nanoTime);
                Scheduler scheduler = new Scheduler(timer, probes,
                        status.counting(observation -> mailbox.add(new Mail.Measured(observation))), counted,
                        Clock.systemUTC());
                Signals.install(mailbox, scheduler::stop);
                scheduler.replace(targets);
                follow(targets);
                status.hosts(targets.size());
                systemd.ready(); // only now may a SIGHUP come: it has a handler
                EngineStallHook.installIfAsked(engine, timer);
                FallingBehind behind = new FallingBehind(log,
                        FallingBehind.sourceOf(scheduler.lateness(), engine), System::nanoTime);
                metrics.ifPresent(server -> server.countLateStarts(behind::lateStarts));
                try (ServiceHeartbeat heartbeat = ServiceHeartbeat.start(systemd, () -> status.line() + behind.status(),
                        ServiceHeartbeat.watchdogFromEnvironment(System.getenv("WATCHDOG_USEC"),
                                System.getenv("WATCHDOG_PID"), ProcessHandle.current().pid()),
                        new Liveness(engine, timer)::progressed, ServiceHeartbeat.STATUS_PERIOD, () -> {
                            behind.sample();
                            dropsWarning.tick();
                        })) {
                    return loop(scheduler, engine, problems, records, status);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return ExitCode.FAILURE;
            } finally {
                if (names != null) {
                    names.close();
                }
                timer.shutdownNow();
            }
        }
    }

    private ExitCode loop(Scheduler scheduler, EngineShards engine, ProblemLog problems, ObservationSink records,
                          ServiceStatus status)
            throws InterruptedException {
        List<Mail> batch = new ArrayList<>();
        ExitCode exitWhenDrained = null; // set once a stop is under way
        while (true) {
            batch.add(mailbox.take());
            Thread.sleep(GATHER_MILLIS); // thousands of records a second: the engine threads wake us far less often
            mailbox.drainTo(batch, MAX_BATCH);
            for (Mail mail : batch) {
                switch (mail) {
                    case Mail.Measured(Observation observation) -> records.accept(observation);
                    case Mail.Moved(Reresolver.Moved moved) -> {
                        if (moved.from() == names && exitWhenDrained == null) {
                            move(scheduler, problems, records, moved);
                        }
                    }
                    case Mail.Drained drained -> {
                        return records.print() ? exitWhenDrained : ExitCode.FAILURE;
                    }
                    case Mail.Signalled signal -> {
                        if (exitWhenDrained != null) {
                            continue; // a second signal while stopping changes nothing
                        }
                        if (signal == Mail.Signalled.STOP) {
                            systemd.stopping();
                            exitWhenDrained = ExitCode.OK;
                        } else if (!reload(scheduler, engine, problems, records, status)) {
                            exitWhenDrained = ExitCode.FAILURE;
                        }
                        if (exitWhenDrained != null) {
                            drainThenPost(scheduler);
                        }
                    }
                }
            }
            batch.clear();
            if (!records.print()) {
                return ExitCode.FAILURE;
            }
        }
    }

    private void drainThenPost(Scheduler scheduler) {
        scheduler.stopAndDrain()
                .orTimeout(DRAIN_LIMIT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((done, slow) -> {
                    if (slow != null) {
                        log.warn("some measurements did not finish within " + DRAIN_LIMIT_SECONDS
                                + " s of the stop signal");
                    }
                    mailbox.add(new Mail.Drained());
                });
    }

    /** Returns false when the process must end (the config file is unreadable or invalid). */
    private boolean reload(Scheduler scheduler, EngineShards engine, ProblemLog problems, ObservationSink records,
                           ServiceStatus status) {
        if (source.file().isEmpty()) {
            log.error("IOError", "no input file to re-read on SIGHUP (the config came from standard input); "
                    + "continuing with the current hosts");
            metrics.ifPresent(MetricsServer::reloadFailed);
            return true;
        }
        systemd.reloading();
        List<Target> targets = load();
        if (targets == null) {
            return false;
        }
        metrics.ifPresent(server -> server.retainOnly(targets)); // before new loops start: their first runs count
        web.ifPresent(view -> view.track(targets));
        // an engine no longer needed sleeps; the running ones' slot tables grow if these hosts need more
        engine.resize(engineCount.forTargets(targets), EngineCount.peakInFlight(targets));
        scheduler.replace(targets);
        problems.retainOnly(targets);
        records.reloaded(targets);
        follow(targets);
        status.hosts(targets.size());
        systemd.ready();
        return true;
    }

    /** Follows the names among these targets (their resolve= periods), after the previous load's stop. */
    private void follow(List<Target> targets) {
        if (names != null) {
            names.close();
        }
        current = List.copyOf(targets);
        names = Reresolver.watch(targets, HostResolver::lookUp, moved -> mailbox.add(new Mail.Moved(moved)), log::warn);
    }

    /** A name resolved to new addresses: its targets there replace the old ones; nothing else restarts. */
    private void move(Scheduler scheduler, ProblemLog problems, ObservationSink records, Reresolver.Moved moved) {
        var next = moved.applyTo(current);
        if (next.isEmpty()) {
            return; // already replaced (cannot happen within one generation)
        }
        current = next.get();
        metrics.ifPresent(server -> server.retainOnly(current)); // the old address's series go
        web.ifPresent(view -> view.moved(moved.retired(), moved.added())); // the live view's hosts keep their history
        scheduler.swap(moved.retired(), moved.added());
        problems.retainOnly(current);
        records.moved(current);
    }

    /** Loads the config, logging every problem; null when the monitor cannot run on it. */
    private List<Target> load() {
        return LoadReport.usableTargets(ConfigLoader.load(source), log).orElse(null);
    }
}
