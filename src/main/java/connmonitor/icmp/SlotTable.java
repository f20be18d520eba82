package connmonitor.icmp;

import java.util.Arrays;

/**
 * Every request in flight, indexed by slot: a slot number maps one-to-one onto the (identifier,
 * sequence) pair its packet carries, so a reply finds its request in O(1) (fping's design). Raw sockets
 * spread slots over several identifiers, so 100,000 requests per second never wrap the space within
 * a timeout; ping sockets get one identifier from the kernel, hence 65,536 slots.
 * <p>
 * Parallel primitive arrays rather than an object per slot: taking, filling and releasing a slot
 * allocates nothing. The arrays start as large as the config can need ({@link #initialCapacity}) and
 * double when three quarters of the slots are in flight, up to the space the identifiers give: a small
 * config keeps a table of kilobytes (2^18 slots take 17 MiB), and a reload that adds hosts costs one copy,
 * never a refused request. Used by the engine thread only.
 */
final class SlotTable implements DeadlineHeap.Liveness {

    /** How far the kernel's receive stamp may run ahead of the monotonic round trip before it is distrusted. */
    private static final long ALLOWED_CLOCK_DRIFT_NANOS = 1_000_000;

    /** The smallest table: a few kilobytes, enough for hundreds of hosts without growing. */
    static final int MIN_CAPACITY = 1 << 10;

    /** Told the new capacity when the table grows, so parallel tables ({@link FlowSlots}) grow with it. */
    interface Growth {
        void grownTo(int capacity);
    }

    private final int maxCapacity;
    private final int identifierBase;
    private Growth growth = capacity -> { };

    private int capacity;
    private ProbeListener[] listeners;
    private int[] indexes;
    private int[] generations;
    private long[] sentRealtime;
    private long[] sentMonotonic;
    private long[] timeoutNanos;
    private long[] nonces;
    private int[] payloadLengths;
    private long[] targetHigh;
    private long[] targetLow;
    private byte[] families;
    private int cursor;
    private int inFlight;

    /**
     * @param capacity    slots to start with (a power of two, see {@link #initialCapacity})
     * @param maxCapacity the most slots the identifiers give: 2^16 per identifier
     */
    SlotTable(int capacity, int maxCapacity, int identifierBase) {
        if (Integer.bitCount(capacity) != 1 || capacity > maxCapacity) {
            throw new IllegalArgumentException("slot table of " + capacity + " (a power of two up to " + maxCapacity + ")");
        }
        this.capacity = capacity;
        this.maxCapacity = maxCapacity;
        this.identifierBase = identifierBase;
        listeners = new ProbeListener[capacity];
        indexes = new int[capacity];
        generations = new int[capacity];
        sentRealtime = new long[capacity];
        sentMonotonic = new long[capacity];
        timeoutNanos = new long[capacity];
        nonces = new long[capacity];
        payloadLengths = new int[capacity];
        targetHigh = new long[capacity];
        targetLow = new long[capacity];
        families = new byte[capacity];
    }

    /**
     * The table to start with for this many requests in flight at most: twice that (a reload overlaps
     * the old loops' last runs with the new ones' first), as a power of two within the bounds.
     */
    static int initialCapacity(long peakInFlight, int maxCapacity) {
        long wanted = Math.max(MIN_CAPACITY, 2 * peakInFlight);
        return (int) Math.min(maxCapacity, Long.highestOneBit(wanted - 1) << 1);
    }

    void onGrowth(Growth growth) {
        this.growth = growth;
    }

    int capacity() {
        return capacity;
    }

    int inFlight() {
        return inFlight;
    }

    /** Whether a request can take a slot now, or must wait for answers and timeouts to free one. */
    boolean hasRoom() {
        return inFlight < maxCapacity;
    }

    /** Takes the next free slot in round-robin order (so a slot rests as long as possible), or -1. */
    int take(ProbeListener listener, int index) {
        if (inFlight >= capacity - capacity / 4 && capacity < maxCapacity) {
            grow();
        }
        if (inFlight == capacity) {
            return -1;
        }
        while (listeners[cursor] != null) {
            cursor = (cursor + 1) % capacity;
        }
        int slot = cursor;
        cursor = (cursor + 1) % capacity;
        listeners[slot] = listener;
        indexes[slot] = index;
        generations[slot]++;
        inFlight++;
        return slot;
    }

    /**
     * Records what a reply to the packet about to go out of this slot must match, and when it went:
     * both clocks, read right before sendto.
     *
     * @param targetHigh the destination address, big-endian: the high 8 bytes of an IPv6 address, else 0
     * @param targetLow  the low 8 bytes of an IPv6 address, or the IPv4 address
     */
    void fill(int slot, Family family, long targetHigh, long targetLow, int payloadLength, long nonce,
              long realtimeNanos, long monotonicNanos, long timeoutNanos) {
        this.timeoutNanos[slot] = timeoutNanos;
        this.families[slot] = (byte) family.ordinal();
        this.targetHigh[slot] = targetHigh;
        this.targetLow[slot] = targetLow;
        this.payloadLengths[slot] = payloadLength;
        this.nonces[slot] = nonce;
        this.sentRealtime[slot] = realtimeNanos;
        this.sentMonotonic[slot] = monotonicNanos;
    }

    /** Sets when the slot's packet went (both clocks), for packets filled before their batch was sent. */
    void stamp(int slot, long realtimeNanos, long monotonicNanos) {
        sentRealtime[slot] = realtimeNanos;
        sentMonotonic[slot] = monotonicNanos;
    }

    /**
     * Doubles every array, keeping each slot's number (its identifier and sequence): requests in flight
     * are found as before. The new slots, never used, come next.
     */
    private void grow() {
        int grown = Math.min(maxCapacity, capacity * 2);
        listeners = Arrays.copyOf(listeners, grown);
        indexes = Arrays.copyOf(indexes, grown);
        generations = Arrays.copyOf(generations, grown);
        sentRealtime = Arrays.copyOf(sentRealtime, grown);
        sentMonotonic = Arrays.copyOf(sentMonotonic, grown);
        timeoutNanos = Arrays.copyOf(timeoutNanos, grown);
        nonces = Arrays.copyOf(nonces, grown);
        payloadLengths = Arrays.copyOf(payloadLengths, grown);
        targetHigh = Arrays.copyOf(targetHigh, grown);
        targetLow = Arrays.copyOf(targetLow, grown);
        families = Arrays.copyOf(families, grown);
        cursor = capacity;
        capacity = grown;
        growth.grownTo(grown);
    }

    void release(int slot) {
        listeners[slot] = null;
        inFlight--;
    }

    boolean busy(int slot) {
        return listeners[slot] != null;
    }

    /** True while the request that took this slot in this generation still waits for its answer. */
    @Override
    public boolean live(int slot, int generation) {
        return listeners[slot] != null && generations[slot] == generation;
    }

    ProbeListener listener(int slot) {
        return listeners[slot];
    }

    /** Which packet of its request the slot's packet is. */
    int index(int slot) {
        return indexes[slot];
    }

    int generation(int slot) {
        return generations[slot];
    }

    long nonce(int slot) {
        return nonces[slot];
    }

    int payloadLength(int slot) {
        return payloadLengths[slot];
    }

    /** Whether the slot's packet went to this address over this family: a reply from elsewhere is not ours. */
    boolean sentTo(int slot, Family family, long targetHigh, long targetLow) {
        return families[slot] == family.ordinal() && this.targetHigh[slot] == targetHigh
                && this.targetLow[slot] == targetLow;
    }

    /**
     * The kernel's receive stamp minus the send time taken right before sendto, both CLOCK_REALTIME.
     * If the wall clock was stepped in between, the monotonic clock (stamped later, when the engine
     * got to the packet) is the honest fallback.
     */
    long roundTrip(int slot, long kernelTimestamp, long nowMonotonic) {
        long monotonic = nowMonotonic - sentMonotonic[slot];
        if (kernelTimestamp > 0) {
            long kernel = kernelTimestamp - sentRealtime[slot];
            if (kernel >= 0 && kernel <= monotonic + ALLOWED_CLOCK_DRIFT_NANOS) {
                return kernel;
            }
        }
        return monotonic;
    }

    /** Whether an answer with this round trip came in time; a later one is as lost as no answer at all. */
    boolean inTime(int slot, long roundTripNanos) {
        return roundTripNanos <= timeoutNanos[slot];
    }

    int identifier(int slot) {
        return (identifierBase + (slot >>> 16)) & 0xffff;
    }

    static int sequence(int slot) {
        return slot & 0xffff;
    }

    /**
     * The slot a reply's identifier and sequence point to, or -1 when they are not ours.
     *
     * @param kernelMatched true for ping sockets: the kernel chose the identifier and delivers only
     *                      replies carrying it, so the sequence alone tells the slot
     */
    int slotOf(int identifier, int sequence, boolean kernelMatched) {
        if (kernelMatched) {
            return sequence < capacity ? sequence : -1;
        }
        int block = (identifier - identifierBase) & 0xffff;
        long slot = ((long) block << 16) | sequence;
        return slot < capacity ? (int) slot : -1;
    }
}
