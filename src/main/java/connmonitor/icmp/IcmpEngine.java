package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * All ICMP of the process: one socket per address family shared by every host, and one thread that
 * sends paced requests, receives replies in batches with kernel timestamps, matches each reply to its
 * request by identifier and sequence in O(1), and times requests out. Other threads only submit
 * {@link ProbeRequest}s; answers come back through each request's {@link ProbeListener}.
 */
public final class IcmpEngine implements AutoCloseable {

    /** Packets per second at most: bursts of thousands of hosts are smoothed, not dropped. */
    private static final long SEND_RATE = 250_000;
    private static final long TOKEN_NANOS = 1_000_000_000L / SEND_RATE;
    private static final long MAX_SEND_BURST = 512;
    private static final long ALLOWED_CLOCK_DRIFT_NANOS = 1_000_000;

    private final Arena arena = Arena.ofShared();
    private final IcmpSocket v4;
    private final IcmpSocket v6;
    private final int wakeFd;
    private final MemorySegment wakeValue;
    private final ConcurrentLinkedQueue<ProbeRequest> submitted = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean running = true;
    private final Consumer<Throwable> faults;

    // Engine-thread state below: touched by nothing else.
    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    private final SlotTable slots;
    private final DeadlineHeap deadlines;
    private final SplittableRandom random = new SplittableRandom();
    private final int balanceTarget;
    private Libc.CallState state;
    private ReceiveBatch batch;
    private final Reply reply = new Reply();
    private MemorySegment packet;
    private MemorySegment address;
    private MemorySegment scratch;
    private MemorySegment pollFds;
    private MemorySegment drain;
    private long tokens = MAX_SEND_BURST;
    private long tokensUpdated = System.nanoTime();
    private boolean sendBlocked;

    private IcmpEngine(boolean allowRaw, Consumer<Throwable> faults) {
        this.faults = faults;
        Libc.CallState openState = new Libc.CallState(arena);
        v4 = IcmpSocket.open(Family.V4, arena, openState, allowRaw);
        v6 = IcmpSocket.open(Family.V6, arena, openState, allowRaw);
        wakeFd = Libc.eventfd(openState, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (wakeFd < 0) {
            throw new IllegalStateException("eventfd: " + Libc.strerror(openState.errno()));
        }
        wakeValue = arena.allocateFrom(JAVA_LONG, 1L);
        boolean anyDatagram = v4.mode == SocketMode.DATAGRAM || v6.mode == SocketMode.DATAGRAM;
        slots = new SlotTable(anyDatagram ? 1 << 16 : 1 << 18, random.nextInt(1 << 16));
        deadlines = new DeadlineHeap(1 << 16, slots);
        balanceTarget = 1 + random.nextInt(0xfffe);
        thread = Thread.ofPlatform().name("icmp-engine").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Opens the sockets and starts the engine thread. Never fails for lack of privilege: check
     * {@link #mode} per family and {@link #unavailableReason}.
     *
     * @param allowRaw false to use unprivileged ping sockets even where raw sockets are allowed
     * @param faults   told about failures of the program itself (a listener that threw), never about
     *                 network conditions
     */
    public static IcmpEngine start(boolean allowRaw, Consumer<Throwable> faults) {
        return new IcmpEngine(allowRaw, faults);
    }

    public SocketMode mode(boolean ipv6) {
        return (ipv6 ? v6 : v4).mode;
    }

    /** Why a family has no socket, or null when it has one. */
    public String unavailableReason(boolean ipv6) {
        return (ipv6 ? v6 : v4).failure;
    }

    /** Hands a request to the engine thread; safe from any thread and never blocks. */
    public void submit(ProbeRequest request) {
        submitted.add(request);
        if (sleeping) {
            Libc.writeIgnoringErrors(wakeFd, wakeValue, 8);
        }
    }

    @Override
    public void close() {
        running = false;
        Libc.writeIgnoringErrors(wakeFd, wakeValue, 8);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        Libc.CallState closeState = new Libc.CallState(arena);
        v4.close();
        v6.close();
        Libc.close(closeState, wakeFd);
        if (!thread.isAlive()) {
            arena.close();
        }
    }

    /** A request being sent: which of its packets goes next. */
    private static final class Outgoing {
        final ProbeRequest request;
        final IcmpSocket socket;
        final byte[] destination;
        final int scope;
        final long high;
        final long low;
        int next;

        Outgoing(ProbeRequest request, IcmpSocket socket) {
            this.request = request;
            this.socket = socket;
            this.destination = request.destination().getAddress();
            this.scope = request.destination() instanceof Inet6Address v6 ? v6.getScopeId() : 0;
            long h = 0;
            long l = 0;
            if (destination.length == 16) {
                for (int i = 0; i < 8; i++) {
                    h = (h << 8) | (destination[i] & 0xff);
                    l = (l << 8) | (destination[i + 8] & 0xff);
                }
            } else {
                for (byte b : destination) {
                    l = (l << 8) | (b & 0xff);
                }
            }
            this.high = h;
            this.low = l;
        }
    }

    private void run() {
        state = new Libc.CallState(arena);
        batch = new ReceiveBatch(arena, state);
        packet = arena.allocate(EchoRequest.HEADER + EchoRequest.MAX_PAYLOAD, 8);
        address = arena.allocate(32, 8);
        scratch = arena.allocate(16, 8);
        pollFds = arena.allocate(8L * 3, 8);
        drain = arena.allocate(8, 8);
        warmUp();
        while (running) {
            try {
                loopOnce();
            } catch (RuntimeException | StackOverflowError fault) {
                // one bad packet or listener must not stop the monitoring of every other host
                report(fault);
            }
        }
    }

    /**
     * Links and compiles the native call paths before the first real packet: the first call of a
     * downcall handle takes milliseconds, and between the send timestamp and sendto that would show
     * up as RTT.
     */
    private void warmUp() {
        for (int i = 0; i < 20_000; i++) {
            Libc.realtimeNanos(scratch);
            Libc.sendto(state, -1, packet, 8, 0, address, 16);
            System.nanoTime();
        }
    }

    private void loopOnce() {
        acceptSubmissions();
        long now = System.nanoTime();
        sendDue(now);
        expire(System.nanoTime());
        int timeout = pollTimeoutMillis(System.nanoTime());
        if (timeout != 0) {
            sleeping = true;
            if (!submitted.isEmpty()) {
                timeout = 0;
            }
        }
        int ready = poll(timeout);
        sleeping = false;
        if (ready > 0) {
            receiveFrom(v4, 0);
            receiveFrom(v6, 1);
            if ((pollFds.get(JAVA_SHORT, 8L * 2 + 6) & Libc.POLLIN) != 0) {
                Libc.read(state, wakeFd, drain, 8);
            }
            if (sendBlocked && ((revents(0) | revents(1)) & Libc.POLLOUT) != 0) {
                sendBlocked = false;
            }
        }
    }

    private void acceptSubmissions() {
        ProbeRequest request;
        while ((request = submitted.poll()) != null) {
            IcmpSocket socket = request.destination() instanceof Inet6Address ? v6 : v4;
            if (!socket.usable()) {
                failAll(request, socket.failure);
            } else if (request.firstTtl() > 0 && socket.mode != SocketMode.RAW) {
                failAll(request, "traces need a raw ICMP socket (root or CAP_NET_RAW)");
            } else {
                outgoing.add(new Outgoing(request, socket));
            }
        }
    }

    private void failAll(ProbeRequest request, String reason) {
        for (int i = 0; i < request.count(); i++) {
            sendFailed(request.listener(), i, reason);
        }
    }

    private void sendDue(long now) {
        refillTokens(now);
        while (!outgoing.isEmpty() && !sendBlocked && tokens > 0) {
            Outgoing out = outgoing.peek();
            int slot = slots.take(out.request.listener(), out.next);
            if (slot < 0) {
                return; // every slot is waiting for an answer; timeouts will free some
            }
            if (!sendOne(out, slot)) {
                return;
            }
            tokens--;
            if (++out.next == out.request.count()) {
                outgoing.poll();
            }
        }
    }

    /** Returns false when the socket is full and the packet must wait (the slot is given back). */
    private boolean sendOne(Outgoing out, int slot) {
        ProbeRequest request = out.request;
        IcmpSocket socket = out.socket;
        Family family = socket.family;
        socket.setTtl(request.ttl(out.next));
        long nonce = random.nextLong();
        int length = EchoRequest.write(packet, family, slots.identifier(slot), SlotTable.sequence(slot),
                request.payloadLength(), nonce, request.constantChecksum() ? balanceTarget : -1,
                family == Family.V4 && socket.mode == SocketMode.RAW);
        int addressLength = writeAddress(out);
        slots.nonces[slot] = nonce;
        slots.payloadLengths[slot] = request.payloadLength();
        slots.targetHigh[slot] = out.high;
        slots.targetLow[slot] = out.low;
        slots.families[slot] = (byte) family.ordinal();
        long monotonic = System.nanoTime();
        slots.sentRealtime[slot] = Libc.realtimeNanos(scratch);
        slots.sentMonotonic[slot] = monotonic;
        long sent = Libc.sendto(state, socket.fd, packet, length, 0, address, addressLength);
        if (sent < 0) {
            int errno = state.errno();
            slots.release(slot);
            if (errno == Libc.EAGAIN || errno == Libc.ENOBUFS) {
                sendBlocked = true;
                return false;
            }
            sendFailed(request.listener(), out.next, Libc.strerror(errno));
            return true;
        }
        deadlines.add(monotonic + request.timeout().toNanos(), slot, slots.generations[slot]);
        return true;
    }

    private int writeAddress(Outgoing out) {
        address.fill((byte) 0);
        if (out.socket.family == Family.V4) {
            address.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
            MemorySegment.copy(out.destination, 0, address, JAVA_BYTE, 4, 4);
            return Family.V4.sockaddrLength;
        }
        address.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(out.destination, 0, address, JAVA_BYTE, 8, 16);
        address.set(JAVA_INT, 24, out.scope);
        return Family.V6.sockaddrLength;
    }

    private void refillTokens(long now) {
        long earned = (now - tokensUpdated) / TOKEN_NANOS;
        if (earned > 0) {
            tokens = Math.min(MAX_SEND_BURST, tokens + earned);
            tokensUpdated += earned * TOKEN_NANOS;
            if (tokens == MAX_SEND_BURST) {
                tokensUpdated = now;
            }
        }
    }

    private void expire(long now) {
        while (!deadlines.isEmpty() && deadlines.firstDeadline() - now <= 0) {
            int slot = deadlines.firstSlot();
            int generation = deadlines.firstGeneration();
            deadlines.removeFirst();
            if (slots.live(slot, generation)) {
                ProbeListener listener = slots.listeners[slot];
                int index = slots.indexes[slot];
                slots.release(slot);
                try {
                    listener.onNoReply(index);
                } catch (RuntimeException fault) {
                    report(fault);
                }
            }
        }
    }

    private int pollTimeoutMillis(long now) {
        if (!outgoing.isEmpty() && !sendBlocked) {
            if (tokens > 0 && slots.inFlight() < slots.capacity()) {
                return 0;
            }
            if (tokens == 0) {
                return 1;
            }
        }
        if (deadlines.isEmpty()) {
            return sendBlocked ? 1 : -1;
        }
        long wait = deadlines.firstDeadline() - now;
        return wait <= 0 ? 0 : (int) Math.min(60_000, (wait + 999_999) / 1_000_000);
    }

    private int poll(int timeoutMillis) {
        setPollFd(0, v4.fd, v4.usable());
        setPollFd(1, v6.fd, v6.usable());
        pollFds.set(JAVA_INT, 16, wakeFd);
        pollFds.set(JAVA_SHORT, 20, Libc.POLLIN);
        pollFds.set(JAVA_SHORT, 22, (short) 0);
        int ready = Libc.poll(state, pollFds, 3, timeoutMillis);
        return ready < 0 ? 0 : ready;
    }

    private void setPollFd(int i, int fd, boolean usable) {
        pollFds.set(JAVA_INT, 8L * i, usable ? fd : -1);
        pollFds.set(JAVA_SHORT, 8L * i + 4, (short) (Libc.POLLIN | (sendBlocked ? Libc.POLLOUT : 0)));
        pollFds.set(JAVA_SHORT, 8L * i + 6, (short) 0);
    }

    private short revents(int i) {
        return pollFds.get(JAVA_SHORT, 8L * i + 6);
    }

    private void receiveFrom(IcmpSocket socket, int pollIndex) {
        if (!socket.usable() || (revents(pollIndex) & Libc.POLLIN) == 0) {
            return;
        }
        boolean withIpHeader = socket.family == Family.V4 && socket.mode == SocketMode.RAW;
        for (int rounds = 0; rounds < 64; rounds++) {
            int count = batch.receive(socket.fd);
            if (count <= 0) {
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (!batch.truncated(i)) {
                    ReplyParser.parse(socket.family, withIpHeader, batch.packet(i), batch.length(i), batch.name(i), reply);
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
        int slot = slots.slotOf(reply.identifier, reply.sequence, socket.mode == SocketMode.DATAGRAM);
        if (slot < 0 || !slots.busy(slot) || slots.families[slot] != socket.family.ordinal()
                || slots.targetHigh[slot] != reply.targetHigh || slots.targetLow[slot] != reply.targetLow) {
            return;
        }
        int payloadLength = slots.payloadLengths[slot];
        long nonce = slots.nonces[slot];
        boolean genuine = reply.kind == Reply.Kind.ECHO_REPLY
                ? reply.payloadLength == payloadLength
                        && EchoRequest.payloadMatches(data, reply.payloadOffset, payloadLength, nonce)
                : EchoRequest.quotedNonceMatches(data, reply.payloadOffset, reply.payloadLength, nonce, payloadLength);
        if (!genuine) {
            return;
        }
        long rtt = roundTrip(slot, kernelTimestamp, now);
        ProbeListener listener = slots.listeners[slot];
        int index = slots.indexes[slot];
        slots.release(slot);
        try {
            if (reply.kind == Reply.Kind.ECHO_REPLY) {
                listener.onEchoReply(index, rtt);
            } else {
                IcmpError error = reply.type == socket.family.timeExceeded ? IcmpError.TIME_EXCEEDED : IcmpError.UNREACHABLE;
                listener.onIcmpError(index, rtt, sender(socket.family), error);
            }
        } catch (RuntimeException fault) {
            report(fault);
        }
    }

    /**
     * The kernel's receive stamp minus the send time taken right before sendto, both CLOCK_REALTIME.
     * If the wall clock was stepped in between, the monotonic clock (stamped later, when this thread
     * got to the packet) is the honest fallback.
     */
    private long roundTrip(int slot, long kernelTimestamp, long now) {
        long monotonic = now - slots.sentMonotonic[slot];
        if (kernelTimestamp > 0) {
            long kernel = kernelTimestamp - slots.sentRealtime[slot];
            if (kernel >= 0 && kernel <= monotonic + ALLOWED_CLOCK_DRIFT_NANOS) {
                return kernel;
            }
        }
        return monotonic;
    }

    private InetAddress sender(Family family) {
        byte[] bytes;
        if (family == Family.V4) {
            int v = (int) reply.senderLow;
            bytes = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        } else {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (reply.senderHigh >>> (56 - 8 * i));
                bytes[i + 8] = (byte) (reply.senderLow >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void sendFailed(ProbeListener listener, int index, String reason) {
        try {
            listener.onSendFailed(index, reason);
        } catch (RuntimeException fault) {
            report(fault);
        }
    }

    private void report(Throwable fault) {
        try {
            faults.accept(fault);
        } catch (RuntimeException ignored) {
            // the reporter itself failed; the engine goes on regardless
        }
    }
}
