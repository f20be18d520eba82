package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The sending half of the engine: requests wait their turn here, and their packets go out as the
 * pacer, free slots and the socket buffers allow. Plain echo requests go in sendmmsg batches
 * ({@link BatchedSends}, which gives each packet its own send time); trace probes, UDP and TCP probes and
 * packets with controls go one by one, stamped with both clocks right before sendto (sendmsg with
 * ancillary data for a host with packet controls). Every packet gets a deadline. Nothing is allocated
 * per packet. Engine thread only.
 */
final class RequestSender {

    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    private final SlotTable slots;
    private final DeadlineHeap deadlines;
    private final ListenerCalls listeners;
    private final SendPacer pacer = new SendPacer(System.nanoTime());
    private final SplittableRandom random;
    /** The checksum every packet of a trace carries (Paris traceroute): one per engine, never 0. */
    private final int balanceTarget;
    private final Libc.CallState state;
    private final MemorySegment packet;
    private final MemorySegment address;
    private final MemorySegment timespec;
    /** Set when a socket buffer was full; cleared when poll says a socket is writable again. */
    private boolean blocked;
    /** A request whose first packet leaves this long after the engine took it is a late start. */
    private static final long LATE_SEND_NANOS = 100_000_000;
    private long lateSends;

    /** UDP and TCP probes leave from ports above Linux's ephemeral range (32768-60999), one per request. */
    static final int FIRST_SOURCE_PORT = ProbeRequest.FIRST_SOURCE_PORT;
    static final int SOURCE_PORTS = ProbeRequest.SOURCE_PORTS;
    private final FlowSlots flows;
    private final SourceLookup sources;
    private final BatchedSends batched;
    private final OneByOneWarmUp oneByOne;

    RequestSender(Arena arena, Libc.CallState state, SlotTable slots, DeadlineHeap deadlines,
                  SplittableRandom random, ListenerCalls listeners, FlowSlots flows) {
        this.flows = flows;
        this.sources = new SourceLookup(arena, state);
        this.state = state;
        this.slots = slots;
        this.deadlines = deadlines;
        this.random = random;
        this.listeners = listeners;
        this.balanceTarget = 1 + random.nextInt(0xfffe);
        this.packet = arena.allocate(EchoRequest.HEADER + EchoRequest.MAX_PAYLOAD, 8);
        this.address = arena.allocate(32, 8);
        this.timespec = arena.allocate(16, 8);
        this.oneByOne = new OneByOneWarmUp(state, packet, address, timespec);
        this.batched = new BatchedSends(arena, state, slots, deadlines, listeners, oneByOne::ensure);
    }

    /**
     * Compiles the batched send path before the first packet (interpreted, a call's clocks are read long before
     * its packets leave: RTT). The paths sending one packet per call wait for their own first packet.
     */
    void warmUp(IcmpSocket... sockets) {
        batched.warmUp();
        oneByOne.sockets(sockets);
    }

    /** Queues a request on its family's socket, or fails all its packets when that socket cannot send them. */
    void accept(ProbeRequest request, IcmpSocket socket) {
        if (!socket.usable()) {
            failAll(request, socket.failure);
        } else if (request.firstTtl() > 0 && socket.mode != SocketMode.RAW) {
            failAll(request, "traces need a raw ICMP socket (root or CAP_NET_RAW)");
        } else if (request.transport() != Transport.ICMP) {
            Outgoing out = new Outgoing(request, socket, System.nanoTime());
            String noSource = sources.find(out, request.port());
            if (noSource != null) {
                failAll(request, noSource);
                return;
            }
            out.sourceHigh = sources.high;
            out.sourceLow = sources.low;
            // one port for all of a request's packets: one flow, so load balancers keep them on one path
            out.sourcePort = request.flow() > 0 ? request.flow() : FIRST_SOURCE_PORT + random.nextInt(SOURCE_PORTS);
            outgoing.add(out);
        } else {
            outgoing.add(new Outgoing(request, socket, System.nanoTime()));
        }
    }

    void close() {
        sources.close();
    }

    private void failAll(ProbeRequest request, String reason) {
        for (int i = 0; i < request.count(); i++) {
            listeners.sendFailed(request.listener(), i, reason);
        }
    }

    /** Sends what may go now: echo requests in batches where they can, anything else one by one. */
    void sendDue(long now) {
        pacer.refill(now);
        if (batched.batch().count() > 0 && !blocked && !batched.flush()) {
            blocked = true; // what is left of the last batch goes first, once the socket takes packets again
        }
        while (!outgoing.isEmpty() && !blocked && pacer.mayPass()) {
            Outgoing out = outgoing.peek();
            boolean batch = batchable(out);
            IcmpSocket batchSocket = batched.batch().socket();
            if (batchSocket != null && (!batch || batchSocket != out.socket || batched.batch().full())
                    && !flush()) {
                return;
            }
            int slot = slots.take(out.request.listener(), out.next);
            if (slot < 0) {
                flush();
                return; // every slot is waiting for an answer; timeouts will free some
            }
            if (batch) {
                addToBatch(out, slot);
            } else if (!sendOne(out, slot)) {
                return;
            }
            pacer.passed();
            if (out.next == 0 && now - out.acceptedNanos > LATE_SEND_NANOS) {
                lateSends++;
            }
            out.next++;
            if (out.done()) {
                outgoing.poll();
            }
        }
        if (!blocked) {
            flush();
        }
    }

    /** Sends the batch; false (and blocked) when the socket buffer is full. */
    private boolean flush() {
        if (batched.batch().count() == 0 || batched.flush()) {
            return true;
        }
        blocked = true;
        return false;
    }

    /** Plain echo requests: no trace TTL, no ancillary data, small enough for a batch buffer. */
    private boolean batchable(Outgoing out) {
        ProbeRequest request = out.request;
        return out.socket.batches && request.transport() == Transport.ICMP && request.firstTtl() == 0
                && request.controls().none() && EchoRequest.HEADER + request.payloadLength() <= SendBatch.PACKET_BYTES;
    }

    /** Writes the packet into the batch; its send time and deadline come when the batch goes. */
    private void addToBatch(Outgoing out, int slot) {
        ProbeRequest request = out.request;
        IcmpSocket socket = out.socket;
        Family family = socket.family;
        socket.setTtl(-1);
        long nonce = random.nextLong();
        SendBatch batch = batched.batch();
        int length = EchoRequest.write(batch.nextPacket(), family, slots.identifier(slot), SlotTable.sequence(slot),
                request.payloadLength(), nonce, request.constantChecksum() ? balanceTarget : -1,
                family == Family.V4 && socket.mode == SocketMode.RAW);
        flows.icmp(slot);
        int addressLength = out.writeAddress(batch.nextAddress());
        long timeout = request.timeout().toNanos();
        slots.fill(slot, family, out.high, out.low, request.payloadLength(), nonce, 0, 0, timeout);
        batch.add(socket, slot, length, addressLength, timeout);
    }

    /** Reads and forgets transmit stamps that came after their batch was done with (poll saw them). */
    void drainLateStamps(PollSet pollSet, IcmpSocket v4, IcmpSocket v6) {
        if (v4.usable() && pollSet.erred(v4)) {
            batched.drainLate(v4);
        }
        if (v6.usable() && pollSet.erred(v6)) {
            batched.drainLate(v6);
        }
    }

    /** When the oldest request still waiting was taken, or Long.MAX_VALUE when none waits. */
    long backlogSince() {
        Outgoing head = outgoing.peek();
        return head == null ? Long.MAX_VALUE : head.acceptedNanos;
    }

    /** Requests waiting to be sent (or partly sent). */
    int backlogRequests() {
        return outgoing.size();
    }

    /** Requests so far whose first packet left more than 100 ms after they were taken. */
    long lateSends() {
        return lateSends;
    }

    /** Returns false when the socket is full and the packet must wait (the slot is given back). */
    private boolean sendOne(Outgoing out, int slot) {
        oneByOne.ensure();
        ProbeRequest request = out.request;
        IcmpSocket socket = out.socket;
        Family family = socket.family;
        socket.setTtl(request.ttl(out.next));
        long nonce = random.nextLong();
        int length;
        int payloadLength = request.payloadLength();
        if (request.transport() == Transport.ICMP) {
            length = EchoRequest.write(packet, family, slots.identifier(slot), SlotTable.sequence(slot),
                    payloadLength, nonce, checksumOf(request),
                    family == Family.V4 && socket.mode == SocketMode.RAW);
            flows.icmp(slot);
        } else if (request.transport() == Transport.TCP) {
            int sequence = SegmentWriter.sequence(slot, nonce);
            // A host keeps a half-open connection per SYN it answers until our kernel's RST ends it, and
            // drops other SYNs of that connection meanwhile: a burst's SYNs each take a port of their
            // own. A trace keeps one (one flow; only its first SYN to reach the host needs an answer).
            int sourcePort = request.firstTtl() > 0 ? out.sourcePort
                    : FIRST_SOURCE_PORT + (out.sourcePort - FIRST_SOURCE_PORT + out.next) % SOURCE_PORTS;
            length = SegmentWriter.writeSyn(packet, family, out.sourceHigh, out.sourceLow, out.high, out.low,
                    sourcePort, request.port(), sequence);
            flows.tcp(slot, sourcePort, request.port(), sequence);
            payloadLength = 0;
        } else {
            int udpId = flows.takeUdpId(slot);
            if (udpId < 0) {
                slots.release(slot);
                listeners.sendFailed(request.listener(), out.next, "65534 UDP probes wait for answers already");
                return true;
            }
            payloadLength = SegmentWriter.udpPayload(payloadLength);
            length = SegmentWriter.writeDatagram(packet, family, out.sourceHigh, out.sourceLow, out.high, out.low,
                    out.sourcePort, request.port(), payloadLength, nonce, udpId);
            flows.udp(slot, out.sourcePort, request.port(), udpId, length);
        }
        int addressLength = out.writeAddress(address);
        long monotonic = System.nanoTime();
        long realtime = Libc.realtimeNanos(timespec);
        slots.fill(slot, family, out.high, out.low, payloadLength, nonce, realtime, monotonic,
                request.timeout().toNanos());
        long sent = socket.send(state, packet, length, address, addressLength, request.controls(), request.ttl(out.next));
        if (sent < 0) {
            int errno = state.errno();
            slots.release(slot);
            if (errno == Libc.EAGAIN || errno == Libc.ENOBUFS) {
                blocked = true;
                return false;
            }
            listeners.sendFailed(request.listener(), out.next, Libc.strerror(errno));
            return true;
        }
        deadlines.add(monotonic + request.timeout().toNanos(), slot, slots.generation(slot));
        return true;
    }

    /**
     * The one's-complement sum an echo request is balanced to: the request's own flow (so the IPv4 checksum
     * on the wire is the flow itself), the engine's, or none (-1).
     */
    private int checksumOf(ProbeRequest request) {
        if (request.flow() > 0) {
            return ~request.flow() & 0xffff;
        }
        return request.constantChecksum() ? balanceTarget : -1;
    }

    /** Whether sends wait for a socket buffer to drain (then poll also waits until writable). */
    boolean blocked() {
        return blocked;
    }

    /** A socket can take packets again. */
    void unblock() {
        blocked = false;
    }

    /**
     * How soon there is something to send: 0 now, 1 (ms) when only the pacer holds it back, -1 when
     * nothing can go before a reply, a timeout or a writable socket frees the way.
     */
    int readyInMillis() {
        if (!outgoing.isEmpty() && !blocked) {
            if (pacer.mayPass() && slots.hasRoom()) {
                return 0;
            }
            if (!pacer.mayPass()) {
                return 1;
            }
        }
        return -1;
    }
}
