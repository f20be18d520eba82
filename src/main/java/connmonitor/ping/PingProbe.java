package connmonitor.ping;

import connmonitor.config.Target;
import connmonitor.icmp.ProbeEngine;
import connmonitor.icmp.PacketControls;
import connmonitor.icmp.ProbeRequest;
import connmonitor.probe.HostControls;
import connmonitor.probe.PartlyMeasured;
import connmonitor.probe.PingResult;
import connmonitor.probe.Probe;
import connmonitor.probe.ProbeTransport;
import connmonitor.probe.Unmeasurable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A burst of {@code numpings} echo requests of {@code payload} bytes, sent back to back through the
 * shared engine. Each request waits up to {@link #REPLY_TIMEOUT} for its reply: far beyond any
 * terrestrial or geostationary-satellite round trip, so only really lost packets count as lost.
 * Requests that could not be sent count as lost, and the burst fails as {@link PartlyMeasured}.
 */
public final class PingProbe implements Probe<PingResult> {

    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);

    private final ProbeEngine engine;
    private final HostControls controls = new HostControls();

    public PingProbe(ProbeEngine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<PingResult> measure(Target target) {
        PacketControls packets;
        try {
            packets = controls.of(target);
        } catch (Unmeasurable unmeasurable) {
            return CompletableFuture.failedFuture(unmeasurable);
        }
        var unavailable = ProbeTransport.unavailable(engine, target, "ping");
        if (unavailable.isPresent()) {
            return CompletableFuture.failedFuture(unavailable.get());
        }
        Burst burst = new Burst(target.options().numPings());
        // proto=udp|tcp: the same burst of datagrams or SYNs; the host's port unreachable, SYN-ACK or RST is its reply
        engine.submit(new ProbeRequest(target.address(), target.options().numPings(), target.options().payload(), 0,
                REPLY_TIMEOUT, false, burst, packets, ProbeTransport.of(target), ProbeTransport.port(target)));
        return burst.result.thenApply(result -> {
            if (burst.sendFailure() != null) {
                throw new PartlyMeasured("NetworkError", "cannot ping " + target.addressText() + ": "
                        + burst.sendFailure(), result);
            }
            return result;
        });
    }
}
