package connmonitor.icmp;

import java.util.Arrays;

/**
 * What a UDP or TCP probe in a slot must be answered with, beside what {@link SlotTable} keeps for
 * every slot: its transport, its ports and its key (the SYN's sequence number, or the datagram's
 * checksum, its UDP id). A SYN's sequence names its slot directly; a UDP id names it through a table of
 * 65,534 ids taken round robin, so at most that many UDP probes wait for an answer at once. Parallel
 * primitive arrays: nothing is allocated per packet. Engine thread only.
 */
final class FlowSlots {

    private static final int IDS = 0xffff; // ids 1..0xfffe: a UDP checksum is never 0, and 0xffff stands for 0
    private final SlotTable slots;
    private byte[] transports;
    private int[] ports;
    private int[] keys;
    private int[] udpLengths;
    private final int[] slotOfId = new int[IDS];
    private int idCursor = 1;

    FlowSlots(SlotTable slots) {
        this.slots = slots;
        int capacity = slots.capacity();
        transports = new byte[capacity];
        ports = new int[capacity];
        keys = new int[capacity];
        udpLengths = new int[capacity];
        Arrays.fill(slotOfId, -1);
        slots.onGrowth(this::grownTo);
    }

    /** Grows with the slot table, which keeps its slot numbers. */
    private void grownTo(int capacity) {
        transports = Arrays.copyOf(transports, capacity);
        ports = Arrays.copyOf(ports, capacity);
        keys = Arrays.copyOf(keys, capacity);
        udpLengths = Arrays.copyOf(udpLengths, capacity);
    }

    /** Marks an ICMP probe's slot, so a quoted UDP or TCP header can never match it. */
    void icmp(int slot) {
        transports[slot] = (byte) Transport.ICMP.ordinal();
    }

    boolean isIcmp(int slot) {
        return transports[slot] == Transport.ICMP.ordinal();
    }

    void tcp(int slot, int sourcePort, int port, int sequence) {
        transports[slot] = (byte) Transport.TCP.ordinal();
        ports[slot] = sourcePort << 16 | port;
        keys[slot] = sequence;
    }

    /**
     * Takes a free UDP id for this slot's datagram, or returns -1 when all are waiting for answers.
     */
    int takeUdpId(int slot) {
        for (int tries = 0; tries < IDS - 1; tries++) {
            int id = idCursor;
            idCursor = idCursor == IDS - 1 ? 1 : idCursor + 1;
            int holder = slotOfId[id];
            if (holder < 0 || !slots.busy(holder) || holder == slot || transports[holder] != Transport.UDP.ordinal()
                    || keys[holder] != id) {
                slotOfId[id] = slot;
                return id;
            }
        }
        return -1;
    }

    void udp(int slot, int sourcePort, int port, int udpId, int length) {
        transports[slot] = (byte) Transport.UDP.ordinal();
        ports[slot] = sourcePort << 16 | port;
        keys[slot] = udpId;
        udpLengths[slot] = length;
    }

    /** The slot a quoted or answered TCP segment names, or -1: the ports and the whole sequence must match. */
    int tcpSlot(int sourcePort, int port, int sequence) {
        int slot = SegmentWriter.slotOfSequence(sequence);
        if (slot >= transports.length || !slots.busy(slot) || transports[slot] != Transport.TCP.ordinal()
                || keys[slot] != sequence || ports[slot] != (sourcePort << 16 | port)) {
            return -1;
        }
        return slot;
    }

    /** The slot a quoted UDP header names, or -1: ports, length and checksum must all be the probe's. */
    int udpSlot(int sourcePort, int port, int length, int checksum) {
        if (checksum < 1 || checksum >= IDS) {
            return -1;
        }
        int slot = slotOfId[checksum];
        if (slot < 0 || !slots.busy(slot) || transports[slot] != Transport.UDP.ordinal() || keys[slot] != checksum
                || ports[slot] != (sourcePort << 16 | port) || udpLengths[slot] != length) {
            return -1;
        }
        return slot;
    }
}
