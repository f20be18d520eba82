package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The receiving half of the engine: reads replies in batches with their kernel timestamps, finds each
 * one's request in O(1) by identifier and sequence, and believes it only when it came from where the
 * request went and carries the request's nonce. Nothing is allocated per packet. Engine thread only.
 */
final class ReplyReceiver {

    /** Batches read per socket per wake-up at most, so one flooded socket cannot starve the other. */
    private static final int MAX_ROUNDS = 64;
    /** 2^17 packets: more than a 16 MiB buffer holds, each taking at least several hundred bytes of it. */
    private static final int ALL_ROUNDS = (1 << 17) / ReceiveBatch.SIZE;

    private final ReceiveBatch batch;
    private final Reply reply = new Reply();
    private final SlotTable slots;
    private final ListenerCalls listeners;

    private final FlowSlots flows;

    ReplyReceiver(Arena arena, Libc.CallState state, SlotTable slots, ListenerCalls listeners, FlowSlots flows) {
        this.flows = flows;
        this.batch = new ReceiveBatch(arena, state);
        this.slots = slots;
        this.listeners = listeners;
    }

    /**
     * Reads and throws away what waits on these sockets, before the engine's first request: none of it
     * can be ours. Stops at an empty socket, or after more packets than a full buffer of the smallest holds.
     */
    void discardWaiting(IcmpSocket... sockets) {
        for (IcmpSocket socket : sockets) {
            int rounds = 0;
            while (socket.usable() && rounds++ < ALL_ROUNDS && batch.receive(socket.fd) == ReceiveBatch.SIZE) {
                Thread.onSpinWait(); // a full batch: more may wait
            }
        }
    }

    /** Reads and matches what is waiting on the socket (up to MAX_ROUNDS batches). */
    void receiveFrom(IcmpSocket socket) {
        drain(socket, socket.family == Family.V4 && socket.mode == SocketMode.RAW, false, MAX_ROUNDS);
    }

    /**
     * Reads and matches all that waits, before timeouts are judged: a reply that came before its
     * deadline waits in the socket by now, however many came before it while the engine was late.
     */
    void receiveAllFrom(IcmpSocket socket) {
        drain(socket, socket.family == Family.V4 && socket.mode == SocketMode.RAW, false, ALL_ROUNDS);
    }

    /** Reads the SYN-ACKs and RSTs waiting on a raw TCP socket and matches those that answer our SYNs. */
    void receiveAnswersFrom(IcmpSocket socket) {
        drain(socket, socket.family == Family.V4, true, MAX_ROUNDS);
    }

    /** Up to {@code maxRounds} batches; {@code tcpAnswers}: the packets are TCP segments, else ICMP. */
    private void drain(IcmpSocket socket, boolean withIpHeader, boolean tcpAnswers, int maxRounds) {
        for (int rounds = 0; rounds < maxRounds; rounds++) {
            int count = batch.receive(socket.fd);
            if (count <= 0) {
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (!batch.truncated(i)) {
                    if (tcpAnswers) {
                        QuotedSegment.readAnswer(socket.family, withIpHeader, batch.packet(i), batch.length(i),
                                batch.name(i), reply);
                    } else {
                        ReplyParser.parse(socket.family, withIpHeader, batch.packet(i), batch.length(i), batch.name(i),
                                reply);
                    }
                    match(socket, batch.packet(i), batch.kernelTimestamp(i), now);
                }
            }
            if (count < ReceiveBatch.SIZE) {
                return;
            }
        }
    }

    private void match(IcmpSocket socket, MemorySegment data, long kernelTimestamp, long now) {
        if (reply.kind == Reply.Kind.IGNORED) {
            return;
        }
        if (reply.transport != Transport.ICMP) {
            matchSegment(socket.family, data, kernelTimestamp, now);
            return;
        }
        int slot = slots.slotOf(reply.identifier, reply.sequence, socket.mode == SocketMode.DATAGRAM);
        if (slot < 0 || !slots.busy(slot) || !flows.isIcmp(slot)
                || !slots.sentTo(slot, socket.family, reply.targetHigh, reply.targetLow)) {
            return;
        }
        int payloadLength = slots.payloadLength(slot);
        long nonce = slots.nonce(slot);
        boolean genuine = reply.kind == Reply.Kind.ECHO_REPLY
                ? reply.payloadLength == payloadLength
                        && EchoRequest.payloadMatches(data, reply.payloadOffset, payloadLength, nonce)
                : EchoRequest.quotedNonceMatches(data, reply.payloadOffset, reply.payloadLength, nonce, payloadLength);
        if (!genuine) {
            return;
        }
        long rtt = slots.roundTrip(slot, kernelTimestamp, now);
        if (!slots.inTime(slot, rtt)) {
            return; // it came after the timeout: the deadline will say so, whenever the engine gets to it
        }
        ProbeListener listener = slots.listener(slot);
        int index = slots.index(slot);
        slots.release(slot);
        if (reply.kind == Reply.Kind.ECHO_REPLY) {
            listeners.echoReply(listener, index, rtt);
        } else {
            IcmpError error = reply.type == socket.family.timeExceeded ? IcmpError.TIME_EXCEEDED : IcmpError.UNREACHABLE;
            listeners.icmpError(listener, index, rtt, reply.sender(socket.family), error);
        }
    }

    /**
     * A UDP or TCP probe's answer: a SYN-ACK or RST, or an ICMP error quoting the probe. The quoted
     * ports and key give the slot in O(1); the destination (and for UDP the quoted nonce) must be the
     * probe's. The host's own port unreachable ends a UDP probe's round trip, as a reply.
     */
    private void matchSegment(Family family, MemorySegment data, long kernelTimestamp, long now) {
        int slot = reply.transport == Transport.TCP ? flows.tcpSlot(reply.sourcePort, reply.port, reply.key)
                : flows.udpSlot(reply.sourcePort, reply.port, reply.udpLength, reply.key);
        if (slot < 0 || !slots.sentTo(slot, family, reply.targetHigh, reply.targetLow)) {
            return;
        }
        if (reply.transport == Transport.UDP && !EchoRequest.quotedNonceMatches(data, reply.payloadOffset,
                reply.payloadLength, slots.nonce(slot), slots.payloadLength(slot))) {
            return;
        }
        long rtt = slots.roundTrip(slot, kernelTimestamp, now);
        if (!slots.inTime(slot, rtt)) {
            return;
        }
        ProbeListener listener = slots.listener(slot);
        int index = slots.index(slot);
        slots.release(slot);
        boolean fromHost = reply.senderHigh == reply.targetHigh && reply.senderLow == reply.targetLow;
        if (reply.kind == Reply.Kind.ECHO_REPLY || fromHost && reply.type == family.unreachable
                && reply.code == family.portUnreachable()) {
            listeners.echoReply(listener, index, rtt);
        } else {
            IcmpError error = reply.type == family.timeExceeded ? IcmpError.TIME_EXCEEDED : IcmpError.UNREACHABLE;
            listeners.icmpError(listener, index, rtt, reply.sender(family), error);
        }
    }
}
