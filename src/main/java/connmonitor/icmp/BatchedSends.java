package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Sends the echo requests gathered in a {@link SendBatch} with one {@code sendmmsg} and gives each its
 * own send time. The clocks are read once, right before the call; but in a batch packet k leaves only
 * after the kernel has done packets 0 to k-1 (on loopback, their whole round trips: 2-8 us each), so
 * each packet's send time is its software transmit stamp ({@link SendStamps}: when it reached the
 * device) less the shortest time seen lately from reading the clocks to a call's first packet reaching
 * the device. That is the part of the way sendto's caller measures on top of the network; longer waits
 * before a call's first packet (tens of microseconds after the engine slept, on this project's VM) are
 * this machine's, not the network's. A packet whose stamp is missing keeps the time the clocks read
 * (its round trip can only come out long, never short). Engine thread only; nothing allocated per packet.
 */
final class BatchedSends {

    private final SendBatch batch;
    private final SendStamps stamps;
    private final SlotTable slots;
    private final DeadlineHeap deadlines;
    private final ListenerCalls listeners;
    private final Libc.CallState state;
    private final MemorySegment timespec;
    private final long[] leftAt = new long[SendBatch.SIZE];
    /** Numbers the sendmmsg calls: the high bits of the timestamp ids, so a late stamp is never misread. */
    private int call;
    /**
     * The shortest time seen from reading the clocks to a call's first packet reaching the device: what
     * sendto's caller measures on top of the network. A call's first packet may take much longer (tens of
     * microseconds on this project's VM after the engine slept); the network is not to blame for that.
     */
    private long shortestPath = Long.MAX_VALUE;
    private long recentShortest = Long.MAX_VALUE;
    private long calls;
    private static final int PATH_WINDOW = 4096;

    /** Warms sendto before the first packet sent alone ({@link OneByOneWarmUp}). */
    private final Runnable beforeAlone;

    BatchedSends(Arena arena, Libc.CallState state, SlotTable slots, DeadlineHeap deadlines, ListenerCalls listeners,
                 Runnable beforeAlone) {
        this.beforeAlone = beforeAlone;
        this.batch = new SendBatch(arena, state);
        this.stamps = new SendStamps(arena, state);
        this.slots = slots;
        this.deadlines = deadlines;
        this.listeners = listeners;
        this.state = state;
        this.timespec = arena.allocate(16, 8);
        java.util.Arrays.fill(leftAt, -1);
    }

    /** Compiles the clocks, batch and stamp calls before the first real packet (a bad fd fails at once). */
    void warmUp() {
        batch.warmUp();
        for (int i = 0; i < 20_000; i++) {
            System.nanoTime();
            Libc.realtimeNanos(timespec);
            stamps.read(-1);
        }
    }

    SendBatch batch() {
        return batch;
    }

    /**
     * Sends every packet waiting in the batch. Returns false when the socket buffer is full: the packets
     * not sent stay in the batch (their slots taken, no deadline yet) for the next flush.
     */
    boolean flush() {
        IcmpSocket socket = batch.socket();
        int start = 0;
        while (start < batch.count()) {
            if (!socket.batches) {
                return sendAlone(start);
            }
            int ids = (++call & 0x7fffff) << 8;
            for (int i = start; i < batch.count(); i++) {
                batch.id(i, ids | i);
            }
            // nothing between the clocks and the call: the slots get their send times after it
            long monotonic = System.nanoTime();
            long realtime = Libc.realtimeNanos(timespec);
            int sent = batch.send(start);
            if (sent > 0) {
                long took = System.nanoTime() - monotonic;
                socket.batchesConfirmed = true;
                for (int i = start; i < start + sent; i++) {
                    int slot = batch.slot(i);
                    deadlines.add(monotonic + batch.timeout(i), slot, slots.generation(slot));
                }
                correct(socket, ids, start, start + sent, realtime, monotonic, took);
                start += sent;
            } else if (-sent == Libc.EAGAIN || -sent == Libc.ENOBUFS) {
                batch.keepFrom(start);
                return false;
            } else if (-sent == Libc.EINVAL && !socket.batchesConfirmed) {
                socket.batches = false; // a kernel before 6.13 knows no per-packet timestamp ids
            } else {
                fail(start, -sent);
                start++;
            }
        }
        batch.clear();
        return true;
    }

    /**
     * Reads the transmit stamps of packets from..to-1, sent in the call numbered {@code ids} after the
     * clocks read {@code realtime}, and moves each packet's send time to its stamp less the shortest way
     * from the clock to the device seen lately.
     */
    private void correct(IcmpSocket socket, int ids, int from, int to, long realtime, long monotonic, long took) {
        int read;
        do {
            read = stamps.read(socket.fd);
            for (int k = 0; k < read; k++) {
                int id = stamps.id(k);
                int i = id & 0xff;
                if (id >= 0 && (id & ~0xff) == ids && i >= from && i < to) {
                    leftAt[i] = stamps.stamp(k);
                }
            }
        } while (read == SendStamps.SIZE);
        long path = leftAt[from] - realtime;
        if (leftAt[from] >= 0 && path >= 0 && path <= took) {
            shortestPath = Math.min(shortestPath, path);
            recentShortest = Math.min(recentShortest, path);
            if (++calls % PATH_WINDOW == 0) { // forget old minima: the machine may have become slower
                shortestPath = recentShortest;
                recentShortest = Long.MAX_VALUE;
            }
        }
        for (int i = from; i < to; i++) {
            long shift = 0;
            if (leftAt[i] >= 0 && shortestPath != Long.MAX_VALUE) {
                // never before the clocks were read, never after the call returned (a stepped wall clock)
                shift = Math.clamp(leftAt[i] - shortestPath - realtime, 0, took);
            }
            slots.stamp(batch.slot(i), realtime + shift, monotonic + shift);
            leftAt[i] = -1;
        }
    }

    /** Reads and forgets stamps that came after their call was done with (none on loopback). */
    void drainLate(IcmpSocket socket) {
        while (stamps.read(socket.fd) == SendStamps.SIZE) {
            // nothing to do with them: their packets' send times stand as the call's
        }
    }

    /** The batch's packets one sendto each, as before batches: for kernels that refuse timestamp ids. */
    private boolean sendAlone(int start) {
        beforeAlone.run();
        IcmpSocket socket = batch.socket();
        for (int i = start; i < batch.count(); i++) {
            int slot = batch.slot(i);
            long monotonic = System.nanoTime();
            long realtime = Libc.realtimeNanos(timespec);
            slots.stamp(slot, realtime, monotonic);
            long sent = Libc.sendto(state, socket.fd, batch.packet(i), batch.length(i), 0, batch.address(i),
                    batch.addressLength(i));
            if (sent >= 0) {
                deadlines.add(monotonic + batch.timeout(i), slot, slots.generation(slot));
                continue;
            }
            int errno = state.errno();
            if (errno == Libc.EAGAIN || errno == Libc.ENOBUFS) {
                batch.keepFrom(i);
                return false;
            }
            fail(i, errno);
        }
        batch.clear();
        return true;
    }

    private void fail(int i, int errno) {
        int slot = batch.slot(i);
        ProbeListener listener = slots.listener(slot);
        int index = slots.index(slot);
        slots.release(slot);
        listeners.sendFailed(listener, index, Libc.strerror(errno));
    }
}
