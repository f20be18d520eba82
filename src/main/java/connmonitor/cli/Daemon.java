package connmonitor.cli;

import connmonitor.config.ConfigError;
import connmonitor.config.ConfigLoader;
import connmonitor.config.ConfigSource;
import connmonitor.config.Target;
import connmonitor.icmp.IcmpEngine;
import connmonitor.icmp.SocketMode;
import connmonitor.metrics.MetricsAddress;
import connmonitor.metrics.MetricsServer;
import connmonitor.output.Log;
import connmonitor.output.ProblemLog;
import connmonitor.output.RecordWriter;
import connmonitor.output.RouteChangeFilter;
import connmonitor.ping.PingProbe;
import connmonitor.trace.TraceProbe;
import connmonitor.probe.Kind;
import connmonitor.probe.Measurement;
import connmonitor.probe.Observation;
import connmonitor.probe.Probe;
import connmonitor.schedule.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The monitor's lifecycle: load the config, run every host's loops, re-read the config on SIGHUP, and
 * on SIGTERM/SIGINT let running measurements finish and print before exiting 0.
 */
final class Daemon {

    /** Longest a stop waits for running measurements: beyond the longest probe timeout. */
    private static final long DRAIN_LIMIT_SECONDS = 30;

    private record OutputBroken(IOException cause) {
    }

    private final ConfigSource source;
    private final Optional<MetricsAddress> metricsAddress;
    private final OutputStream stdout;
    private final Log log;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final RouteChangeFilter routes = new RouteChangeFilter();
    /** Set once the config has loaded, when --metrics asks for it. */
    private Optional<MetricsServer> metrics = Optional.empty();

    Daemon(ConfigSource source, Optional<MetricsAddress> metricsAddress, OutputStream stdout, Log log) {
        this.source = source;
        this.metricsAddress = metricsAddress;
        this.stdout = stdout;
        this.log = log;
    }

    ExitCode run() {
        List<Target> targets = load();
        if (targets == null) {
            return ExitCode.FAILURE;
        }
        if (metricsAddress.isPresent()) {
            metrics = serveMetrics(metricsAddress.get(), targets);
            if (metrics.isEmpty()) {
                return ExitCode.FAILURE;
            }
        }
        try {
            return monitor(targets);
        } finally {
            metrics.ifPresent(MetricsServer::close);
        }
    }

    private ExitCode monitor(List<Target> targets) {
        ProblemLog problems = new ProblemLog(log);
        try (IcmpEngine engine = IcmpEngine.start(true, fault -> log.error("InternalError", String.valueOf(fault)))) {
            if (!icmpUsable(engine, targets)) {
                return ExitCode.FAILURE;
            }
            RecordWriter writer = new RecordWriter(stdout, broken -> events.add(new OutputBroken(broken)));
            Map<Kind, Probe<? extends Measurement>> probes = new EnumMap<>(Kind.class);
            probes.put(Kind.PING, new PingProbe(engine, problems));
            probes.put(Kind.TRACE, new TraceProbe(engine));
            try (Scheduler scheduler = new Scheduler(probes, observation -> publish(observation, writer), problems,
                    Clock.systemUTC())) {
                Signals.install(events);
                scheduler.replace(targets);
                return loop(scheduler, writer, problems);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return ExitCode.FAILURE;
            }
        }
    }

    /** Every observation is exported (every trace counts route changes); not every one is printed. */
    private void publish(Observation observation, RecordWriter writer) {
        metrics.ifPresent(server -> server.accept(observation));
        if (routes.shouldPrint(observation)) {
            writer.accept(observation);
        }
    }

    private ExitCode loop(Scheduler scheduler, RecordWriter writer, ProblemLog problems) throws InterruptedException {
        while (true) {
            Object event = events.take();
            if (event == Signals.Event.STOP) {
                drain(scheduler, writer);
                return ExitCode.OK;
            }
            if (event instanceof OutputBroken broken) {
                log.error("BrokenPipeError", "cannot write records to standard output: " + broken.cause().getMessage());
                scheduler.stopAndDrain();
                return ExitCode.FAILURE;
            }
            if (event == Signals.Event.RELOAD && !reload(scheduler, problems)) {
                drain(scheduler, writer);
                return ExitCode.FAILURE;
            }
        }
    }

    /** Returns false when the process must end (the config file is unreadable or invalid). */
    private boolean reload(Scheduler scheduler, ProblemLog problems) {
        if (source.file().isEmpty()) {
            log.error("IOError", "no input file to re-read on SIGHUP (the config came from standard input); "
                    + "continuing with the current hosts");
            return true;
        }
        List<Target> targets = load();
        if (targets == null) {
            return false;
        }
        metrics.ifPresent(server -> server.retainOnly(targets)); // before new loops start: their first runs count
        scheduler.replace(targets);
        problems.retainOnly(targets);
        routes.retainOnly(targets);
        return true;
    }

    private void drain(Scheduler scheduler, RecordWriter writer) throws InterruptedException {
        try {
            scheduler.stopAndDrain().get(DRAIN_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException slow) {
            log.warn("some measurements did not finish within " + DRAIN_LIMIT_SECONDS + " s of the stop signal");
        } catch (java.util.concurrent.ExecutionException impossible) {
            // loops report their own failures; draining only waits
        }
        writer.close();
    }

    /** Starts the metrics endpoint; empty (after an EE line) when the address cannot be served. */
    private Optional<MetricsServer> serveMetrics(MetricsAddress address, List<Target> targets) {
        try {
            return Optional.of(MetricsServer.start(address, targets));
        } catch (UnknownHostException unknown) {
            log.error("OSError", "cannot serve metrics on " + address + ": unknown host '" + address.host() + "'");
        } catch (IOException unbound) {
            log.error("OSError", "cannot serve metrics on " + address + ": " + unbound.getMessage());
        }
        return Optional.empty();
    }

    /** Loads the config, logging every problem; null when the monitor cannot run on it. */
    private List<Target> load() {
        return switch (ConfigLoader.load(source)) {
            case ConfigLoader.Outcome.Unreadable unreadable -> {
                log.error("FileNotFoundError", unreadable.reason());
                yield null;
            }
            case ConfigLoader.Outcome.Invalid invalid -> {
                for (ConfigError error : invalid.errors()) {
                    log.error("ConfigError", error.toString());
                }
                yield null;
            }
            case ConfigLoader.Outcome.Loaded loaded -> {
                for (ConfigError error : loaded.unresolved()) {
                    log.error("UnknownHostError", error.toString());
                }
                yield loaded.targets();
            }
        };
    }

    /**
     * Says once, at start, what the sockets allow: a warning when only ping sockets could be had
     * (no traces), and a fatal error when the hosts need ICMP and no socket at all could be opened.
     */
    private boolean icmpUsable(IcmpEngine engine, List<Target> targets) {
        boolean needsIcmp = targets.stream().anyMatch(t -> t.options().pings() || t.options().traces());
        boolean v4 = engine.mode(false) != SocketMode.UNAVAILABLE;
        boolean v6 = engine.mode(true) != SocketMode.UNAVAILABLE;
        if (needsIcmp && !v4 && !v6) {
            log.error("PermissionError", "no ICMP socket could be opened: " + engine.unavailableReason(false));
            return false;
        }
        if (engine.mode(false) == SocketMode.DATAGRAM || engine.mode(true) == SocketMode.DATAGRAM) {
            boolean tracing = targets.stream().anyMatch(t -> t.options().traces());
            log.warn("raw ICMP sockets are not permitted (needs root or CAP_NET_RAW); pinging through unprivileged "
                    + "ICMP sockets" + (tracing ? ", traces are not possible" : ""));
        }
        return true;
    }
}
