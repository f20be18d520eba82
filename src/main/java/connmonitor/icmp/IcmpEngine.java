package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * All ICMP of the process: one socket per address family shared by every host, and one thread that
 * sends paced requests ({@link RequestSender}), receives replies in batches with kernel timestamps and
 * matches each to its request in O(1) ({@link ReplyReceiver}), times requests out, and sleeps on one
 * {@link PollSet} until the next of these is due. Other threads only submit {@link ProbeRequest}s;
 * answers come back through each request's {@link ProbeListener}.
 */
public final class IcmpEngine implements ProbeEngine {

    private final Arena arena = Arena.ofShared();
    private final EngineSockets sockets;
    private final IcmpSocket v4;
    private final IcmpSocket v6;
    private final TransportSockets transports;
    private final Wakeup wakeup;
    private final ConcurrentLinkedQueue<ProbeRequest> submitted = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean running = true;
    /** Loop turns so far (written by the engine thread only): the service watchdog's sign of life. */
    private volatile long turns;
    // The send backlog as other threads may read it (written by the engine thread once per turn).
    private volatile long backlogSince = Long.MAX_VALUE;
    private volatile int backlogRequests;
    private volatile long lateSends;

    // Engine-thread state below: touched by nothing else once the thread has started.
    private final ListenerCalls listeners;
    private final SlotTable slots;
    private final DeadlineHeap deadlines;
    private final Libc.CallState state;
    private final RequestSender sender;
    private final ReplyReceiver receiver;
    private final PollSet pollSet;

    /**
     * @param identifierBase the first of the {@link #IDENTIFIERS} identifiers of this engine's raw
     *                       sockets, which filter out every other reply; -1 for a random one
     * @param peakInFlight   the most packets in flight on this engine the config asks for: sizes its slot table
     */
    private IcmpEngine(boolean allowRaw, Consumer<Throwable> faults, int identifierBase, String threadName, long peakInFlight) {
        Libc.CallState openState = new Libc.CallState(arena);
        sockets = new EngineSockets(arena, openState, allowRaw);
        v4 = sockets.v4;
        v6 = sockets.v6;
        transports = sockets.transports;
        wakeup = Wakeup.open(arena, openState);
        listeners = new ListenerCalls(faults);
        SplittableRandom random = new SplittableRandom();
        int base = identifierBase >= 0 ? identifierBase : random.nextInt(1 << 16);
        sockets.filterIdentifiers(base, IDENTIFIERS, arena, openState);
        int maxSlots = sockets.anyDatagram() ? 1 << 16 : IDENTIFIERS << 16;
        slots = new SlotTable(SlotTable.initialCapacity(peakInFlight, maxSlots), maxSlots, base);
        deadlines = new DeadlineHeap(slots.capacity(), slots);
        state = new Libc.CallState(arena);
        FlowSlots flows = new FlowSlots(slots);
        sender = new RequestSender(arena, state, slots, deadlines, random, listeners, flows);
        receiver = new ReplyReceiver(arena, state, slots, listeners, flows);
        pollSet = new PollSet(arena, v4, v6, wakeup.fd, transports);
        thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
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
        return new IcmpEngine(allowRaw, faults, -1, "icmp-engine", 0);
    }

    /** Identifiers a raw-socket engine sends with: 2^16 sequence numbers each, so 2^18 requests in flight. */
    static final int IDENTIFIERS = 4;

    /**
     * An engine that is one of several ({@link EngineShards}): its raw sockets send with identifiers
     * {@code identifierBase} to {@code identifierBase + IDENTIFIERS - 1} and let the kernel drop every
     * reply that carries none of them, so no engine pays for another's replies.
     */
    static IcmpEngine startShard(boolean allowRaw, Consumer<Throwable> faults, int identifierBase, String threadName, long peakInFlight) {
        return new IcmpEngine(allowRaw, faults, identifierBase & 0xffff, threadName, peakInFlight);
    }

    int slotCapacity() { // for tests, after a hand-on from the engine thread (which orders the read)
        return slots.capacity();
    }

    boolean sendsInBatches(boolean ipv6) { // for tests, as slotCapacity
        return sockets.icmp(ipv6).batches;
    }

    public SocketMode mode(boolean ipv6) {
        return sockets.icmp(ipv6).mode;
    }

    /** Why a family has no socket, or null when it has one. */
    public String unavailableReason(boolean ipv6) {
        return sockets.icmp(ipv6).failure;
    }

    @Override
    public String unavailableReason(boolean ipv6, Transport transport) {
        return sockets.unavailableReason(ipv6, transport);
    }

    /** Hands a request to the engine thread; safe from any thread and never blocks. */
    public void submit(ProbeRequest request) {
        submitted.add(request);
        if (sleeping) {
            wakeup.wake();
        }
    }

    /** How many times the engine loop has gone round: a count that stops growing means a stuck engine. */
    public long turns() {
        return turns;
    }

    /** Makes the engine thread go round once more even when it has nothing to do (for {@link #turns}). */
    public void nudge() {
        wakeup.wake();
    }

    /**
     * How long the oldest request still waiting to be sent has waited (0 when none waits): sends are
     * paced, so a config that asks for more echoes per second than the pace allows builds a backlog.
     */
    public long backlogNanos(long nanoTimeNow) {
        long since = backlogSince;
        return since == Long.MAX_VALUE ? 0 : Math.max(0, nanoTimeNow - since);
    }

    /** Requests (bursts, traces) waiting to be sent, each one host's. */
    public int backlogRequests() {
        return backlogRequests;
    }

    /** Requests so far whose first packet left more than 100 ms after they were submitted. */
    public long lateSends() {
        return lateSends;
    }

    /** This family's open sockets (ICMP, raw UDP and TCP), whose kernel drop counts {@link SocketDrops} reads. */
    IntStream socketFds(boolean ipv6) {
        return sockets.fds(ipv6);
    }

    @Override
    public void close() {
        running = false;
        wakeup.wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        Libc.CallState closeState = new Libc.CallState(arena);
        sockets.close();
        if (!thread.isAlive()) {
            sender.close();
        }
        wakeup.close(closeState);
        if (!thread.isAlive()) {
            arena.close();
        }
    }

    private void run() {
        sender.warmUp(v4, v6);
        // From socket() until their filters were attached, the raw sockets took in all ICMP (or TCP) of the
        // machine: under another program's flood, full buffers, in which the first replies would find no room.
        receiver.discardWaiting(v4, v6, transports.tcp4, transports.tcp6, transports.udp4, transports.udp6);
        while (running) {
            try {
                loopOnce();
            } catch (RuntimeException | StackOverflowError fault) {
                // one bad packet or listener must not stop the monitoring of every other host
                listeners.report(fault);
            }
        }
    }

    private void loopOnce() {
        acceptSubmissions();
        sender.sendDue(System.nanoTime());
        long now = System.nanoTime();
        deadlines.dropStaleFirst(); // answered requests: nothing to wake up or read for
        if (anyDue(now)) {
            // Replies may wait in the socket while this thread was held up (a busy machine, a pause):
            // read them before timing anything out. Their kernel timestamps say whether they came in time.
            receiveWaiting();
        }
        expire(now);
        int timeout = pollTimeoutMillis(System.nanoTime());
        if (timeout != 0) {
            sleeping = true;
            if (!submitted.isEmpty()) {
                timeout = 0; // submitted before it could see that we sleep: it did not wake us
            }
        }
        int ready = pollSet.await(state, timeout, sender.blocked());
        sleeping = false;
        if (ready > 0) {
            if (v4.usable() && pollSet.readable(v4)) {
                receiver.receiveFrom(v4);
            }
            if (v6.usable() && pollSet.readable(v6)) {
                receiver.receiveFrom(v6);
            }
            sender.drainLateStamps(pollSet, v4, v6); // else poll would return at once, again and again
            receiveTcpAnswers(false);
            if (pollSet.woken()) {
                wakeup.drain(state);
            }
            if (sender.blocked() && pollSet.writable()) {
                sender.unblock();
            }
        }
        backlogSince = sender.backlogSince();
        backlogRequests = sender.backlogRequests();
        lateSends = sender.lateSends();
        turns = turns + 1; // one writer: no lost update
    }

    private void acceptSubmissions() {
        ProbeRequest request;
        while ((request = submitted.poll()) != null) {
            sender.accept(request, sockets.of(request));
        }
    }

    /** SYN-ACKs and RSTs for proto=tcp probes; {@code all}: whatever waits, else only what poll saw. */
    private void receiveTcpAnswers(boolean all) {
        if (transports.tcp4.usable() && (all || pollSet.readable(transports.tcp4))) {
            receiver.receiveAnswersFrom(transports.tcp4);
        }
        if (transports.tcp6.usable() && (all || pollSet.readable(transports.tcp6))) {
            receiver.receiveAnswersFrom(transports.tcp6);
        }
    }

    private boolean anyDue(long now) {
        return !deadlines.isEmpty() && deadlines.firstDeadline() - now <= 0;
    }

    private void receiveWaiting() {
        if (v4.usable()) {
            receiver.receiveAllFrom(v4);
        }
        if (v6.usable()) {
            receiver.receiveAllFrom(v6);
        }
        receiveTcpAnswers(true);
    }

    /** Tells the listeners of requests whose time is up that nothing came back. */
    private void expire(long now) {
        while (!deadlines.isEmpty() && deadlines.firstDeadline() - now <= 0) {
            int slot = deadlines.firstSlot();
            int generation = deadlines.firstGeneration();
            deadlines.removeFirst();
            if (slots.live(slot, generation)) {
                ProbeListener listener = slots.listener(slot);
                int index = slots.index(slot);
                slots.release(slot);
                listeners.noReply(listener, index);
            }
        }
    }

    /** How long poll may sleep: until something can be sent or the next request times out. */
    private int pollTimeoutMillis(long now) {
        int send = sender.readyInMillis();
        if (send >= 0) {
            return send;
        }
        if (deadlines.isEmpty()) {
            return sender.blocked() ? 1 : -1;
        }
        long wait = deadlines.firstDeadline() - now;
        return wait <= 0 ? 0 : (int) Math.min(60_000, (wait + 999_999) / 1_000_000);
    }
}
