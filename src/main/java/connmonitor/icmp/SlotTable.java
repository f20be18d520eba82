package connmonitor.icmp;

/**
 * Every request in flight, indexed by slot: a slot number maps one-to-one onto the (identifier,
 * sequence) pair its packet carries, so a reply finds its request in O(1) (fping's design). Raw sockets
 * spread slots over several identifiers, so 100,000 requests per second never wrap the space within
 * a timeout; ping sockets get one identifier from the kernel, hence 65,536 slots.
 */
final class SlotTable implements DeadlineHeap.Liveness {

    private final int capacity;
    private final int identifierBase;

    final ProbeListener[] listeners;
    final int[] indexes;
    final int[] generations;
    final long[] sentRealtime;
    final long[] sentMonotonic;
    final long[] nonces;
    final int[] payloadLengths;
    final long[] targetHigh;
    final long[] targetLow;
    final byte[] families;
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
