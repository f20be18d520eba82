package connmonitor.probe;

import connmonitor.config.Protocol;
import connmonitor.config.Target;
import connmonitor.icmp.ProbeEngine;
import connmonitor.icmp.Transport;
import java.util.Optional;

/**
 * A host's {@code proto=} and {@code port=} as the engine takes them, and why they cannot be used on
 * this machine: UDP and TCP probes need raw sockets (root or CAP_NET_RAW) and have no unprivileged
 * fallback, so without them the host gets one clear error instead of a silent 100 % loss.
 */
public final class ProbeTransport {

    private ProbeTransport() {
    }

    public static Transport of(Target target) {
        return switch (target.fleet().proto()) {
            case ICMP -> Transport.ICMP;
            case UDP -> Transport.UDP;
            case TCP -> Transport.TCP;
        };
    }

    /** The destination port of the host's UDP or TCP probes; 0 for ICMP. */
    public static int port(Target target) {
        return target.fleet().proto() == Protocol.ICMP ? 0 : target.fleet().effectivePort();
    }

    /**
     * Why the host's UDP or TCP probes cannot be sent at all, as the failure to report; empty for ICMP
     * (whose failures the engine reports per packet, as before) and when they can.
     *
     * @param verb "ping" or "trace"
     */
    public static Optional<Unmeasurable> unavailable(ProbeEngine engine, Target target, String verb) {
        Transport transport = of(target);
        if (transport == Transport.ICMP) {
            return Optional.empty();
        }
        String reason = engine.unavailableReason(target.ipv6(), transport);
        if (reason == null) {
            return Optional.empty();
        }
        return Optional.of(new Unmeasurable("PermissionError", "cannot " + verb + " " + target.addressText()
                + " over " + transport.name() + " port " + port(target) + ": " + reason));
    }
}
