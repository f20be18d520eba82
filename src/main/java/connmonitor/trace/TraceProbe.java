package connmonitor.trace;

import connmonitor.config.Target;
import connmonitor.icmp.ProbeEngine;
import connmonitor.icmp.PacketControls;
import connmonitor.icmp.ProbeRequest;
import connmonitor.probe.HostControls;
import connmonitor.icmp.SocketMode;
import connmonitor.probe.Probe;
import connmonitor.probe.ProbeTransport;
import connmonitor.probe.TraceResult;
import connmonitor.probe.Unmeasurable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Traces the route to a host like mtr does: one ICMP echo per TTL from 1 to {@code hops} ({@code probes}
 * of them with {@code probes=N}), all sent at once, so a whole trace takes about one round trip instead of hops x timeout. A hop that stays silent
 * costs a short grace once the host has answered (see {@link TraceRun}), at most {@link #TIMEOUT}. Every probe of a trace carries the same ICMP checksum (Paris traceroute),
 * so per-flow load balancers keep them on one path and do not invent routes.
 */
public final class TraceProbe implements Probe<TraceResult> {

    /** How long each hop may take to answer: far more than any real path, so slow hops show their RTT. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Payload bytes of each probe: room for the checksum balance, the nonce and some text. */
    static final int PAYLOAD = 24;

    private final ProbeEngine engine;
    private final ScheduledExecutorService timer;
    private final HostControls controls = new HostControls();

    /** @param timer ends the wait for silent hops; it must not block (the scheduler's timer will do) */
    public TraceProbe(ProbeEngine engine, ScheduledExecutorService timer) {
        this.engine = engine;
        this.timer = timer;
    }

    /**
     * Fails when the host cannot be traced at all: its UDP or TCP probes cannot be sent, or there is no raw
     * ICMP socket (TTLs need one).
     *
     * @param verb what is being done, for the message: "trace"
     */
    static void checkTraceable(ProbeEngine engine, Target target, String verb) {
        var unavailable = ProbeTransport.unavailable(engine, target, verb);
        if (unavailable.isPresent()) {
            throw unavailable.get();
        }
        if (engine.mode(target.ipv6()) != SocketMode.RAW) {
            throw new Unmeasurable("PermissionError", "cannot " + verb + " " + target.addressText()
                    + ": traces need a raw ICMP socket (run as root or with CAP_NET_RAW)");
        }
    }

    @Override
    public CompletableFuture<TraceResult> measure(Target target) {
        try {
            checkTraceable(engine, target, "trace");
        } catch (Unmeasurable unmeasurable) {
            return CompletableFuture.failedFuture(unmeasurable);
        }
        PacketControls packets;
        try {
            packets = controls.of(target);
        } catch (Unmeasurable unmeasurable) {
            return CompletableFuture.failedFuture(unmeasurable);
        }
        int hops = target.options().hops();
        int probes = target.options().probes();
        List<CompletableFuture<TraceResult>> rounds = new ArrayList<>(probes);
        for (int round = 0; round < probes; round++) {
            TraceRun run = new TraceRun(target.address(), hops, timer);
            // proto=udp|tcp: like traceroute -U/-T, the host's port unreachable, SYN-ACK or RST ends the route
            engine.submit(new ProbeRequest(target.address(), hops, PAYLOAD, 1, TIMEOUT, true, run, packets,
                    ProbeTransport.of(target), ProbeTransport.port(target)));
            rounds.add(run.result);
        }
        if (probes == 1) {
            return rounds.getFirst();
        }
        return CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new))
                .thenApply(done -> TraceRounds.combine(rounds.stream().map(CompletableFuture::join).toList()));
    }
}
