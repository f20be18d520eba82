package connmonitor.lab;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The event loop of one emulated link: reads packets from both TUN devices, decides their fate
 * (loss, duplication, corruption, hold time) and sends them out of the other device when due.
 * One thread, one deadline-ordered queue, ppoll with a nanosecond timeout until the next deadline
 * (or until a packet or the stop signal arrives): no busy waiting, no per-packet threads.
 */
final class EmulatorLoop implements Runnable {

    private static final int MAX_PACKET = 65536;
    private static final int SLOT = 2048;
    private static final int BATCH = 64;
    private static final int REALTIME_PRIORITY = 10;
    private static final short BROKEN = 0x8 | 0x10 | 0x20; // POLLERR | POLLHUP | POLLNVAL
    private static final long POLLFD_SIZE = LinuxCalls.POLLFD.byteSize();

    /** A packet waiting for its deadline; recycled so the steady state allocates nothing. */
    private static final class Held {
        long deadline;
        long order;
        long generation;
        Direction direction;
        int outFd;
        MemorySegment buffer;
        int length;
    }

    private final Emulator emulator;
    private final Tun tunA;
    private final Tun tunB;
    private final int wakeFd;
    private final PriorityQueue<Held> queue = new PriorityQueue<>(
            Comparator.<Held>comparingLong(h -> h.deadline).thenComparingLong(h -> h.order));
    private final ArrayDeque<Held> free = new ArrayDeque<>();
    private final SplittableRandom random = new SplittableRandom();
    private final WakeLatency wakeLatency = new WakeLatency();
    private volatile boolean stopping;
    private Arena arena;
    private long order;

    EmulatorLoop(Emulator emulator, Tun tunA, Tun tunB, int wakeFd) {
        this.emulator = emulator;
        this.tunA = tunA;
        this.tunB = tunB;
        this.wakeFd = wakeFd;
    }

    /** Asks the loop to end; it wakes at once through the event descriptor. */
    void stop() {
        stopping = true;
        try (Arena local = Arena.ofConfined()) {
            LinuxCalls.write(wakeFd, local.allocateFrom(JAVA_LONG, 1L), 8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot wake emulator loop: " + e.getMessage(), e);
        }
    }

    @Override
    public void run() {
        try (Arena loopArena = Arena.ofConfined()) {
            arena = loopArena;
            LinuxCalls.setTimerSlack(1);
            LinuxCalls.trySetFifo(REALTIME_PRIORITY);
            wakeLatency.calibrate();
            MemorySegment pollfds = arena.allocate(LinuxCalls.POLLFD, 3);
            watch(pollfds, 0, tunA.fd());
            watch(pollfds, 1, tunB.fd());
            watch(pollfds, 2, wakeFd);
            MemorySegment timespec = arena.allocate(LinuxCalls.TIMESPEC);
            MemorySegment scratch = arena.allocate(MAX_PACKET);
            while (!stopping) {
                releaseDue();
                if (waitForEvents(pollfds, timespec)) {
                    requireDevices(pollfds);
                    if (readable(pollfds, 0)) {
                        drain(tunA.fd(), tunB.fd(), emulator.aToB(), scratch);
                    }
                    if (readable(pollfds, 1)) {
                        drain(tunB.fd(), tunA.fd(), emulator.bToA(), scratch);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("emulator " + emulator + " stopped: " + e.getMessage());
        }
    }

    /**
     * Sleeps in ppoll until a packet arrives or the next deadline comes, waking early by the
     * thread's measured wake-up latency; true when descriptors are ready. A deadline closer than
     * that latency is waited for on the CPU (at most {@link WakeLatency#MAX_NANOS}, in practice a
     * few microseconds, tens at worst): another sleep would overshoot it by a whole wake-up latency.
     */
    private boolean waitForEvents(MemorySegment pollfds, MemorySegment timespec) throws IOException {
        Held next = queue.peek();
        if (next == null) {
            return LinuxCalls.ppoll(pollfds, 3, MemorySegment.NULL) > 0;
        }
        long now = System.nanoTime();
        long sleep = next.deadline - now - wakeLatency.estimate();
        if (sleep <= 0) {
            timespec.set(JAVA_LONG, 0, 0);
            timespec.set(JAVA_LONG, 8, 0);
            if (LinuxCalls.ppoll(pollfds, 3, timespec) > 0) {
                return true; // read what came first: its arrival time must not wait for the spin
            }
            while (System.nanoTime() < next.deadline) {
                Thread.onSpinWait();
            }
            return false;
        }
        timespec.set(JAVA_LONG, 0, sleep / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, sleep % 1_000_000_000L);
        int ready = LinuxCalls.ppoll(pollfds, 3, timespec);
        if (ready == 0 && sleep >= WakeLatency.MIN_SAMPLE_SLEEP_NANOS) {
            wakeLatency.record(System.nanoTime() - (now + sleep));
        }
        return ready > 0;
    }

    private static void watch(MemorySegment pollfds, int index, int fd) {
        pollfds.set(JAVA_INT, index * POLLFD_SIZE, fd);
        pollfds.set(JAVA_SHORT, index * POLLFD_SIZE + 4, LinuxCalls.POLLIN);
    }

    /** A TUN descriptor reports an error once its device is gone (namespace deleted under us). */
    private void requireDevices(MemorySegment pollfds) throws IOException {
        for (int index = 0; index < 2; index++) {
            if ((pollfds.get(JAVA_SHORT, index * POLLFD_SIZE + 6) & BROKEN) != 0) {
                throw new IOException("its TUN device " + (index == 0 ? tunA : tunB).name() + " is gone");
            }
        }
    }

    private static boolean readable(MemorySegment pollfds, int index) {
        return (pollfds.get(JAVA_SHORT, index * POLLFD_SIZE + 6) & LinuxCalls.POLLIN) != 0;
    }

    private void drain(int inFd, int outFd, Direction direction, MemorySegment scratch) throws IOException {
        for (int i = 0; i < BATCH; i++) {
            int length = LinuxCalls.read(inFd, scratch);
            if (length < 0) {
                return;
            }
            admit(System.nanoTime(), scratch, length, outFd, direction);
        }
    }

    /** Applies the direction's impairment, as it is now, to one packet just read. */
    private void admit(long now, MemorySegment packet, int length, int outFd, Direction direction) {
        direction.countReceived();
        Impairment impairment = direction.impairment();
        if (emulator.isCut()) {
            direction.countCutOff();
            return;
        }
        if (chance(impairment.loss())) {
            direction.countDropped();
            return;
        }
        int copies = 1;
        if (chance(impairment.duplicate())) {
            direction.countDuplicated();
            copies = 2;
        }
        for (int copy = 0; copy < copies; copy++) {
            Held held = hold(packet, length);
            held.direction = direction;
            held.outFd = outFd;
            held.generation = emulator.generation();
            if (chance(impairment.corrupt()) && Corruption.flipPayloadByte(held.buffer, length, random)) {
                direction.countCorrupted();
            }
            if (chance(impairment.reorder())) {
                direction.countReordered();
                held.deadline = now;
            } else {
                held.deadline = now + holdNanos(impairment);
            }
            held.order = order++;
            queue.add(held);
        }
    }

    private long holdNanos(Impairment impairment) {
        long delay = impairment.delay().toNanos();
        long jitter = impairment.jitter().toNanos();
        if (jitter == 0) {
            return delay;
        }
        return Math.max(0, delay + random.nextLong(-jitter, jitter + 1));
    }

    private boolean chance(double percent) {
        return percent > 0 && (percent >= 100 || random.nextDouble() * 100 < percent);
    }

    private Held hold(MemorySegment packet, int length) {
        Held held = free.poll();
        if (held == null) {
            held = new Held();
        }
        if (held.buffer == null || held.buffer.byteSize() < length) {
            held.buffer = arena.allocate(Math.max(SLOT, length));
        }
        MemorySegment.copy(packet, 0, held.buffer, 0, length);
        held.length = length;
        return held;
    }

    /** Sends every packet whose deadline has come, earliest first. */
    private void releaseDue() {
        Held held;
        while ((held = queue.peek()) != null) {
            long now = System.nanoTime();
            if (held.deadline > now) {
                return;
            }
            queue.poll();
            send(held, now);
            held.direction = null;
            free.push(held);
        }
    }

    private void send(Held held, long now) {
        if (held.generation != emulator.generation()) {
            held.direction.countCutOff(); // was in flight when the link was cut
            return;
        }
        try {
            LinuxCalls.write(held.outFd, held.buffer, held.length);
            held.direction.countDelivered(now - held.deadline);
        } catch (IOException e) {
            // the receiving device is down (during setup, or taken down on purpose): a broken wire
            held.direction.countCutOff();
        }
    }
}
