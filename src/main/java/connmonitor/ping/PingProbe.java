package connmonitor.ping;

import connmonitor.config.Target;
import connmonitor.icmp.IcmpEngine;
import connmonitor.icmp.ProbeRequest;
import connmonitor.probe.Kind;
import connmonitor.probe.PingResult;
import connmonitor.probe.Probe;
import connmonitor.probe.Problems;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A burst of {@code numpings} echo requests of {@code payload} bytes, sent back to back through the
 * shared engine. Each request waits up to {@link #REPLY_TIMEOUT} for its reply: far beyond any
 * terrestrial or geostationary-satellite round trip, so only really lost packets count as lost.
 */
public final class PingProbe implements Probe<PingResult> {

    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);

    private final IcmpEngine engine;
    private final Problems problems;

    public PingProbe(IcmpEngine engine, Problems problems) {
        this.engine = engine;
        this.problems = problems;
    }

    @Override
    public CompletableFuture<PingResult> measure(Target target) {
        Burst burst = new Burst(target.options().numPings());
        engine.submit(ProbeRequest.echo(target.address(), target.options().numPings(), target.options().payload(),
                REPLY_TIMEOUT, burst));
        return burst.result.whenComplete((result, fault) -> {
            if (burst.sendFailure() != null) {
                problems.report(target, Kind.PING, "NetworkError", "cannot ping " + target.addressText()
                        + ": " + burst.sendFailure());
            } else {
                problems.clear(target, Kind.PING);
            }
        });
    }
}
