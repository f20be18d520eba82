package connmonitor.cli;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.icmp.EngineShards;
import connmonitor.trace.MultipathProbe;
import java.util.List;
import java.util.OptionalInt;

/**
 * How many ICMP engines (each a thread with its own sockets) the monitor runs: as many as
 * {@code --engines N} says, or else one per {@link EngineShards#ECHOES_PER_ENGINE} echoes per second the
 * config asks for, at most one per processor. Counted again on every reload.
 */
record EngineCount(OptionalInt forced) {

    static final EngineCount AUTOMATIC = new EngineCount(OptionalInt.empty());
    static final int MAX = EngineShards.MAX_ENGINES;

    /** The value of {@code --engines}; an IllegalArgumentException says what is wrong with it. */
    static EngineCount parse(String text) {
        try {
            int count = Integer.parseInt(text.strip());
            if (count >= 1 && count <= MAX) {
                return new EngineCount(OptionalInt.of(count));
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException("--engines '" + text + "': a number of ICMP engines from 1 to " + MAX);
    }

    /** The engines these targets need on this machine. */
    int forTargets(List<Target> targets) {
        if (forced.isPresent()) {
            return forced.getAsInt();
        }
        return EngineShards.forRate(echoesPerSecond(targets), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The most ICMP packets these targets can have in flight at once, which sizes the engines' slot
     * tables: a loop starts its next run only after its last one ended, so each host has at most one
     * burst, one trace and one paths= run out at a time.
     */
    static long peakInFlight(List<Target> targets) {
        long packets = 0;
        for (Target target : targets) {
            Options options = target.options();
            if (options.pingMillis() > 0) {
                packets += options.numPings();
            }
            if (options.traceMillis() > 0) {
                packets += (long) options.hops() * options.probes();
            }
            if (options.pathsMillis() > 0) { // a paths= run's budget, though it seldom has it all out at once
                packets += (long) options.hops() * MultipathProbe.MAX_FLOWS;
            }
        }
        return packets;
    }

    /**
     * The ICMP packets per second these targets ask for at most: each burst's echoes and each trace's
     * hops times its probes, each paths= run's budget (flows times hops), once per period (a loop waits its period after a run ends, so it asks a little less).
     */
    static double echoesPerSecond(List<Target> targets) {
        double perSecond = 0;
        for (Target target : targets) {
            Options options = target.options();
            if (options.pingMillis() > 0) {
                perSecond += options.numPings() * 1000.0 / options.pingMillis();
            }
            if (options.traceMillis() > 0) {
                perSecond += (double) options.hops() * options.probes() * 1000.0 / options.traceMillis();
            }
            if (options.pathsMillis() > 0) { // the budget of a paths= run: it usually takes a third of it
                perSecond += (double) options.hops() * MultipathProbe.MAX_FLOWS * 1000.0
                        / options.pathsMillis();
            }
        }
        return perSecond;
    }
}
