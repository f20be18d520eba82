package connmonitor.icmp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A set of echo requests to one destination, sent back to back by the engine.
 *
 * @param count            how many requests; indexes 0..count-1 in the listener calls
 * @param payloadLength    payload bytes of each request
 * @param firstTtl         0 for the system's default TTL; otherwise request i goes out with TTL
 *                         {@code firstTtl + i} (traces; needs a raw socket)
 * @param timeout          how long each request waits for its answer, from its own send time
 * @param constantChecksum give every request the same ICMP checksum (Paris traceroute), so per-flow
 *                         load balancing sends them all along one path
 * @param controls         source, interface, TOS and TTL of every request ({@link PacketControls#NONE}: none)
 * @param transport        ICMP echo, UDP to {@code port} or TCP SYN to {@code port}; for UDP and TCP the
 *                         destination's port unreachable, SYN-ACK or RST comes back as {@code onEchoReply}
 * @param port             the destination port of UDP and TCP probes (1..65535); 0 for ICMP
 * @param flow             0: the engine picks the flow. Otherwise the flow identifier every packet carries, so
 *                         that a caller can send several flows on purpose (multipath tracing): for UDP and TCP
 *                         the source port (1..65535), for ICMP the constant checksum (1..0xfffe, as Paris
 *                         traceroute's ICMP mode varies it)
 */
public record ProbeRequest(InetAddress destination, int count, int payloadLength, int firstTtl,
                           Duration timeout, boolean constantChecksum, ProbeListener listener,
                           PacketControls controls, Transport transport, int port, int flow) {

    public ProbeRequest {
        Objects.requireNonNull(destination);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(listener);
        Objects.requireNonNull(controls);
        Objects.requireNonNull(transport);
        if (transport == Transport.ICMP ? port != 0 : port < 1 || port > 65_535) {
            throw new IllegalArgumentException("bad port " + port + " for " + transport);
        }
        if (flow < 0 || flow > (transport == Transport.ICMP ? MAX_ICMP_FLOW : 65_535)
                || transport == Transport.ICMP && flow > 0 && payloadLength < 2) {
            throw new IllegalArgumentException("bad flow " + flow + " for " + transport);
        }
        if (transport != Transport.ICMP && payloadLength > SegmentWriter.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload too large for " + transport + ": " + payloadLength);
        }
        if (count < 1 || payloadLength < 0 || payloadLength > EchoRequest.MAX_PAYLOAD || firstTtl < 0
                || firstTtl + count - 1 > 255 && firstTtl > 0) {
            throw new IllegalArgumentException("bad probe request: count=" + count + " payload=" + payloadLength
                    + " firstTtl=" + firstTtl);
        }
    }

    /**
     * UDP and TCP probes leave from ports above Linux's ephemeral range (32768-60999), so they never collide
     * with connections the kernel makes; callers that choose flows choose them here too.
     */
    public static final int FIRST_SOURCE_PORT = 61_000;
    public static final int SOURCE_PORTS = 65_536 - FIRST_SOURCE_PORT;

    /** The highest ICMP flow: a checksum of 0xffff would be sent as 0, the same as no checksum. */
    public static final int MAX_ICMP_FLOW = 0xfffe;

    /** The engine picks the flow (a random source port, or the engine's constant checksum). */
    public ProbeRequest(InetAddress destination, int count, int payloadLength, int firstTtl, Duration timeout,
                        boolean constantChecksum, ProbeListener listener, PacketControls controls,
                        Transport transport, int port) {
        this(destination, count, payloadLength, firstTtl, timeout, constantChecksum, listener, controls, transport,
                port, 0);
    }

    /** ICMP echo requests. */
    public ProbeRequest(InetAddress destination, int count, int payloadLength, int firstTtl, Duration timeout,
                        boolean constantChecksum, ProbeListener listener, PacketControls controls) {
        this(destination, count, payloadLength, firstTtl, timeout, constantChecksum, listener, controls,
                Transport.ICMP, 0);
    }

    /** Without packet controls. */
    public ProbeRequest(InetAddress destination, int count, int payloadLength, int firstTtl, Duration timeout,
                        boolean constantChecksum, ProbeListener listener) {
        this(destination, count, payloadLength, firstTtl, timeout, constantChecksum, listener, PacketControls.NONE);
    }

    /** Echo requests with the default TTL, as a ping burst sends them. */
    public static ProbeRequest echo(InetAddress destination, int count, int payloadLength, Duration timeout,
                                    ProbeListener listener) {
        return new ProbeRequest(destination, count, payloadLength, 0, timeout, false, listener);
    }

    /** A ping burst sent with these controls. */
    public static ProbeRequest echo(InetAddress destination, int count, int payloadLength, Duration timeout,
                                    ProbeListener listener, PacketControls controls) {
        return new ProbeRequest(destination, count, payloadLength, 0, timeout, false, listener, controls);
    }

    int ttl(int index) {
        return firstTtl == 0 ? -1 : firstTtl + index;
    }
}
