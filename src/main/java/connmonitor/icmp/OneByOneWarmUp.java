package connmonitor.icmp;

import java.lang.foreign.MemorySegment;

/**
 * Compiles the send paths that carry one packet per call ({@code sendto}, and {@code sendmsg} for packet
 * controls) before the first packet that goes alone: traces, packet controls, TCP and UDP probes, kernels
 * that refuse batches. Interpreted, a call's clocks are read long before its packet leaves, which would show
 * as RTT. Not before the engine's first packet: a plain config's batches take their send times from the
 * kernel's transmit stamps, and waiting for these paths cost its first record 0.1 s (issue 19). The first
 * packet sent alone waits 0.1-0.2 s once; replies wait in the socket meanwhile, with their kernel timestamps.
 * Engine thread only.
 */
final class OneByOneWarmUp {

    private final Libc.CallState state;
    private final MemorySegment packet;
    private final MemorySegment address;
    private final MemorySegment timespec;
    /** The engine's sockets while these paths are cold; null once warm. */
    private IcmpSocket[] coldSockets = new IcmpSocket[0];

    /** Warms the calls with the sender's own buffers (a bad fd: nothing is read from them or written). */
    OneByOneWarmUp(Libc.CallState state, MemorySegment packet, MemorySegment address, MemorySegment timespec) {
        this.state = state;
        this.packet = packet;
        this.address = address;
        this.timespec = timespec;
    }

    /** The sockets whose sendmsg path to warm with the rest. */
    void sockets(IcmpSocket... sockets) {
        if (coldSockets != null) {
            coldSockets = sockets;
        }
    }

    /** Warms the paths the first time; nothing after that (a bad fd fails at once). */
    void ensure() {
        if (coldSockets == null) {
            return;
        }
        for (int i = 0; i < 20_000; i++) {
            Libc.realtimeNanos(timespec);
            Libc.sendto(state, -1, packet, 8, 0, address, 16);
            System.nanoTime();
        }
        for (IcmpSocket socket : coldSockets) {
            socket.warmUp(state); // the sendmsg path of hosts with packet controls
        }
        coldSockets = null;
    }
}
