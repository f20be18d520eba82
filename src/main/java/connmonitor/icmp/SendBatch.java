package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static connmonitor.icmp.MessageHeaders.MMSGHDR;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Preallocated buffers for {@code sendmmsg}: up to {@link #SIZE} echo requests handed to the kernel in
 * one system call (on this project's VM a system call costs about as much as the kernel's whole
 * loopback round trip, so one per packet was the engine's largest cost). Each packet asks for a
 * software transmit timestamp and carries its own timestamp id ({@code SCM_TS_OPT_ID}, Linux 6.13), so
 * {@link SendStamps} can tell when each one really left. Nothing is allocated per packet.
 * Offsets are those of struct mmsghdr/msghdr/iovec/cmsghdr on 64-bit Linux.
 */
final class SendBatch {

    static final int SIZE = 32;
    /** Larger echo requests go with sendto, one by one. */
    static final int PACKET_BYTES = 2048;
    private static final int NAME_BYTES = 32;
    private static final int CMSG_SPACE_4 = 24;
    /** Two control messages: SO_TIMESTAMPING (what to record) and SCM_TS_OPT_ID (the packet's id). */
    private static final int CONTROL_BYTES = 2 * CMSG_SPACE_4;
    private static final int ID_OFFSET = CMSG_SPACE_4 + 16;

    private final MemorySegment messages;
    /** messages from entry i on: precomputed, since a slice per call would be an object per batch. */
    private final MemorySegment[] from = new MemorySegment[SIZE];
    private final MemorySegment[] packets = new MemorySegment[SIZE];
    private final MemorySegment[] names = new MemorySegment[SIZE];
    private final MemorySegment[] controls = new MemorySegment[SIZE];
    private final MemorySegment[] iovecs = new MemorySegment[SIZE];
    private final int[] slots = new int[SIZE];
    private final long[] timeouts = new long[SIZE];
    private final Libc.CallState state;
    private IcmpSocket socket;
    private int count;

    SendBatch(Arena arena, Libc.CallState state) {
        this.state = state;
        int timestampIdType = SendStamps.timestampIdType;
        messages = arena.allocate((long) MMSGHDR * SIZE, 8);
        MemorySegment iovecBlock = arena.allocate((long) MessageHeaders.IOVEC * SIZE, 8);
        for (int i = 0; i < SIZE; i++) {
            from[i] = messages.asSlice((long) MMSGHDR * i);
            packets[i] = arena.allocate(PACKET_BYTES, 8);
            names[i] = arena.allocate(NAME_BYTES, 8);
            controls[i] = arena.allocate(CONTROL_BYTES, 8);
            iovecs[i] = MessageHeaders.iovec(iovecBlock, i, packets[i], 0); // the length is set per packet
            MemorySegment control = controls[i];
            control.set(JAVA_LONG, 0, 16 + 4);
            control.set(JAVA_INT, 8, Libc.SOL_SOCKET);
            control.set(JAVA_INT, 12, SendStamps.SO_TIMESTAMPING);
            control.set(JAVA_INT, 16, SendStamps.TX_SOFTWARE);
            control.set(JAVA_LONG, CMSG_SPACE_4, 16 + 4);
            control.set(JAVA_INT, CMSG_SPACE_4 + 8, Libc.SOL_SOCKET);
            control.set(JAVA_INT, CMSG_SPACE_4 + 12, timestampIdType);
            MessageHeaders.point(messages, i, names[i], iovecs[i], control);
            messages.set(JAVA_LONG, MessageHeaders.entry(i) + MessageHeaders.MSG_CONTROLLEN, CONTROL_BYTES);
        }
    }

    /** The socket the packets in the batch go out on, or null when the batch is empty. */
    IcmpSocket socket() {
        return count == 0 ? null : socket;
    }

    int count() {
        return count;
    }

    boolean full() {
        return count == SIZE;
    }

    /** Where the next packet is to be written (its packet and its destination's sockaddr). */
    MemorySegment nextPacket() {
        return packets[count];
    }

    MemorySegment nextAddress() {
        return names[count];
    }

    /** Adds the packet written at {@link #nextPacket}, which holds {@code slot} and goes on {@code socket}. */
    void add(IcmpSocket socket, int slot, int length, int addressLength, long timeoutNanos) {
        this.socket = socket;
        long base = (long) MMSGHDR * count;
        iovecs[count].set(JAVA_LONG, 8, length);
        messages.set(JAVA_LONG, base + MessageHeaders.MSG_NAMELEN, addressLength); // msg_namelen and the padding after it
        messages.set(JAVA_INT, base + MessageHeaders.MSG_FLAGS, 0);
        slots[count] = slot;
        timeouts[count] = timeoutNanos;
        count++;
    }

    int slot(int i) {
        return slots[i];
    }

    long timeout(int i) {
        return timeouts[i];
    }

    /** Gives packet i the timestamp id {@code id}: the id its transmit stamp will come back with. */
    void id(int i, int id) {
        controls[i].set(JAVA_INT, ID_OFFSET, id);
    }

    /**
     * Sends packets {@code start} to {@link #count} - 1 in one call; returns how many went (the first
     * ones), or -errno when the first one could not go.
     */
    int send(int start) {
        int sent = Libc.sendmmsg(state, socket.fd, from[start], count - start, 0);
        return sent < 0 ? -state.errno() : sent;
    }

    /** Packet i, for sending it alone (sendto) when the kernel refuses batches with ids. */
    MemorySegment packet(int i) {
        return packets[i];
    }

    int length(int i) {
        return (int) iovecs[i].get(JAVA_LONG, 8);
    }

    MemorySegment address(int i) {
        return names[i];
    }

    int addressLength(int i) {
        return messages.get(JAVA_INT, (long) MMSGHDR * i + MessageHeaders.MSG_NAMELEN);
    }

    /** Drops packets 0 to {@code start} - 1 (sent or failed): the rest move to the front. */
    void keepFrom(int start) {
        if (start == 0) {
            return;
        }
        int left = count - start;
        for (int i = 0; i < left; i++) {
            MemorySegment.copy(packets[start + i], 0, packets[i], 0, length(start + i));
            MemorySegment.copy(names[start + i], 0, names[i], 0, NAME_BYTES);
            iovecs[i].set(JAVA_LONG, 8, length(start + i));
            messages.set(JAVA_LONG, (long) MMSGHDR * i + MessageHeaders.MSG_NAMELEN, addressLength(start + i));
            slots[i] = slots[start + i];
            timeouts[i] = timeouts[start + i];
        }
        count = left;
    }

    /** Links and compiles the sendmmsg path before a real batch needs it (a bad fd fails at once). */
    void warmUp() {
        for (int i = 0; i < 20_000; i++) {
            Libc.sendmmsg(state, -1, from[0], 1, 0);
        }
    }

    void clear() {
        count = 0;
    }
}
