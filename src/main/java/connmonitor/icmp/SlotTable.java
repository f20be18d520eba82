package connmonitor.icmp;

/**
 * Every request in flight, indexed by slot: a slot number maps one-to-one onto the (identifier,
 * sequence) pair its packet carries, so a reply finds its request in O(1) (fping's design). Raw sockets
 * spread slots over several identifiers, so 100,000 requests per second never wrap the space within
 * a timeout; ping sockets get one identifier from the kernel, hence 65,536 slots.
 * <p>
 * Parallel primitive arrays rather than an object per slot: taking, filling and releasing a slot
 * allocates nothing. Used by the engine thread only.
 */
final class SlotTable implements DeadlineHeap.Liveness {

    /** How far the kernel's receive stamp may run ahead of the monotonic round trip before it is distrusted. */
    private static final long ALLOWED_CLOCK_DRIFT_NANOS = 1_000_000;

    private final int capacity;
    private final int identifierBase;

    private final ProbeListener[] listeners;
    private final int[] indexes;
    private final int[] generations;
    private final long[] sentRealtime;
    private final long[] sentMonotonic;
    private final long[] timeoutNanos;
    private final long[] nonces;
    private final int[] payloadLengths;
    private final long[] targetHigh;
    private final long[] targetLow;
    private final byte[] families;
    private int cursor;
    private int inFlight;

    SlotTable(int capacity, int identifierBase) {
        this.capacity = capacity;
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

    int capacity() {
        return capacity;
    }

    int inFlight() {
        return inFlight;
    }

    /** Takes the next free slot in round-robin order (so a slot rests as long as possible), or -1. */
    int take(ProbeListener listener, int index) {
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
