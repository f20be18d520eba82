package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TCP or UDP answer finds its probe's slot only when every field it carries is the probe's: the
 * whole sequence acknowledged, both ports, the UDP length and checksum, and only while the slot waits
 * for that very probe. Each field is changed alone, so each check of {@link FlowSlots} is pinned by an
 * assertion of its own (removing one makes at least that assertion fail). No sockets: runs without root.
 */
class FlowSlotsMatchingTest {

    private static final int SOURCE_PORT = 40_001;
    private static final int PORT = 443;
    /** The nonce's low 14 bits sit mid-range, so sequence +-1 still names the same slot. */
    private static final long NONCE = 0x1234;
    private static final int NO_MATCH = -1;

    private SlotTable slots;
    private FlowSlots flows;

    @BeforeEach
    void newTables() {
        slots = new SlotTable(1024, 1 << 18, 40_000);
        flows = new FlowSlots(slots);
    }

    /** A busy slot past slot 0, so that neither sequence - 1 nor id - 1 can wrap below it. */
    private int busySlot() {
        for (int i = 0; i < 3; i++) {
            slots.take(IgnoringListener.INSTANCE, i);
        }
        int slot = slots.take(IgnoringListener.INSTANCE, 3);
        slots.fill(slot, Family.V4, 0, 0x7f000005L, 41, NONCE, 1, 1, 1_000_000_000L);
        return slot;
    }

    @Test
    void aTcpSlotIsFoundOnlyByItsWholeSequenceAndBothPorts() {
        int slot = busySlot();
        int sequence = SegmentWriter.sequence(slot, NONCE);
        flows.tcp(slot, SOURCE_PORT, PORT, sequence);

        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, sequence)).as("the probe's own fields").isEqualTo(slot);
        // the slot number is the sequence's high bits: only the key check tells the nonce bits apart
        assertThat(SegmentWriter.slotOfSequence(sequence + 1)).isEqualTo(slot);
        assertThat(SegmentWriter.slotOfSequence(sequence - 1)).isEqualTo(slot);
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, sequence + 1)).as("sequence + 1").isEqualTo(NO_MATCH);
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, sequence - 1)).as("sequence - 1").isEqualTo(NO_MATCH);
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, sequence ^ 0x2000)).as("top nonce bit").isEqualTo(NO_MATCH);
        assertThat(flows.tcpSlot(SOURCE_PORT + 1, PORT, sequence)).as("another source port").isEqualTo(NO_MATCH);
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT + 1, sequence)).as("another port").isEqualTo(NO_MATCH);
        assertThat(flows.tcpSlot(PORT, SOURCE_PORT, sequence)).as("ports swapped").isEqualTo(NO_MATCH);
    }

    @Test
    void aTcpSlotIsFoundOnlyWhileItWaitsForATcpAnswer() {
        int slot = busySlot();
        int sequence = SegmentWriter.sequence(slot, NONCE);
        flows.tcp(slot, SOURCE_PORT, PORT, sequence);
        // the slot now carries an echo request: its old ports and sequence stay in the arrays
        flows.icmp(slot);
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, sequence)).as("slot reused for ICMP").isEqualTo(NO_MATCH);

        flows.tcp(slot, SOURCE_PORT, PORT, sequence);
        slots.release(slot); // answered or timed out
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, sequence)).as("released slot").isEqualTo(NO_MATCH);
    }

    @Test
    void aSequenceNamingASlotBeyondTheTableIsNoMatch() {
        int beyond = SegmentWriter.sequence(slots.capacity() + 5, NONCE);
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, beyond)).isEqualTo(NO_MATCH);
        assertThat(flows.tcpSlot(SOURCE_PORT, PORT, -1)).as("the top slot number").isEqualTo(NO_MATCH);
    }

    /** The answer's acknowledgement is the SYN's sequence + 1: readAnswer gives back the sequence itself. */
    @Test
    void aSynAckOrRstFindsItsSlotOnlyWhenItAcknowledgesTheSequencePlusOne() {
        int slot = busySlot();
        int sequence = SegmentWriter.sequence(slot, NONCE);
        flows.tcp(slot, SOURCE_PORT, PORT, sequence);
        int synAck = SegmentWriter.SYN | SegmentWriter.ACK;
        int rst = SegmentWriter.RST | SegmentWriter.ACK;

        assertThat(slotAnswered(synAck, PORT, SOURCE_PORT, sequence + 1)).as("SYN-ACK").isEqualTo(slot);
        assertThat(slotAnswered(rst, PORT, SOURCE_PORT, sequence + 1)).as("RST").isEqualTo(slot);
        assertThat(slotAnswered(synAck, PORT, SOURCE_PORT, sequence + 2)).as("ack + 2").isEqualTo(NO_MATCH);
        assertThat(slotAnswered(synAck, PORT, SOURCE_PORT, sequence)).as("ack = sequence").isEqualTo(NO_MATCH);
        assertThat(slotAnswered(rst, PORT + 1, SOURCE_PORT, sequence + 1)).as("RST from another port").isEqualTo(NO_MATCH);
        assertThat(slotAnswered(rst, PORT, SOURCE_PORT + 1, sequence + 1)).as("RST to another port").isEqualTo(NO_MATCH);
        assertThat(slotAnswered(SegmentWriter.ACK, PORT, SOURCE_PORT, sequence + 1)).as("a bare ACK").isEqualTo(NO_MATCH);
    }

    /** What the engine does with a TCP segment from 127.0.0.5 received on its raw IPv4 socket. */
    private int slotAnswered(int flags, int fromPort, int toPort, int acknowledged) {
        try (Arena arena = Arena.ofConfined()) {
            ValueLayout.OfShort word = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
            ValueLayout.OfInt dword = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
            MemorySegment packet = arena.allocate(40);
            packet.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x45);
            packet.set(dword, 12, 0x7f000005);
            packet.set(dword, 16, 0x7f000001);
            packet.set(word, 20, (short) fromPort);
            packet.set(word, 22, (short) toPort);
            packet.set(dword, 24, 777);
            packet.set(dword, 28, acknowledged);
            packet.set(ValueLayout.JAVA_BYTE, 33, (byte) flags);
            Reply reply = new Reply();
            QuotedSegment.readAnswer(Family.V4, true, packet, 40, arena.allocate(16), reply);
            if (reply.kind != Reply.Kind.ECHO_REPLY) {
                return NO_MATCH;
            }
            return flows.tcpSlot(reply.sourcePort, reply.port, reply.key);
        }
    }

    @Test
    void aUdpSlotIsFoundOnlyByItsLengthPortsAndChecksum() {
        int slot = busySlot();
        int id = flows.takeUdpId(slot);
        int length = SegmentWriter.UDP_HEADER + 41;
        flows.udp(slot, SOURCE_PORT, PORT, id, length);

        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, id)).as("the probe's own fields").isEqualTo(slot);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length + 1, id)).as("length + 1").isEqualTo(NO_MATCH);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length - 1, id)).as("length - 1").isEqualTo(NO_MATCH);
        assertThat(flows.udpSlot(SOURCE_PORT + 1, PORT, length, id)).as("another source port").isEqualTo(NO_MATCH);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT + 1, length, id)).as("another port").isEqualTo(NO_MATCH);
        assertThat(flows.udpSlot(PORT, SOURCE_PORT, length, id)).as("ports swapped").isEqualTo(NO_MATCH);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, id + 1)).as("another checksum").isEqualTo(NO_MATCH);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, 0)).as("no checksum").isEqualTo(NO_MATCH);
        // 0xffff is how a computed checksum of 0 is sent; never an id, and beyond the id table
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, 0xffff)).as("checksum 0xffff").isEqualTo(NO_MATCH);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, 0x1_0000 + id)).as("beyond 16 bits").isEqualTo(NO_MATCH);
    }

    /** A probe sent again from its slot takes a new id; the id table still names the slot under the old one. */
    @Test
    void aUdpSlotIsNotFoundByTheIdItCarriedBefore() {
        int slot = busySlot();
        int length = SegmentWriter.UDP_HEADER + 41;
        int first = flows.takeUdpId(slot);
        flows.udp(slot, SOURCE_PORT, PORT, first, length);
        int second = flows.takeUdpId(slot);
        flows.udp(slot, SOURCE_PORT, PORT, second, length);

        assertThat(second).isNotEqualTo(first);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, second)).isEqualTo(slot);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, first)).as("the earlier id").isEqualTo(NO_MATCH);
    }

    @Test
    void aUdpSlotIsFoundOnlyWhileItWaitsForAUdpAnswer() {
        int slot = busySlot();
        int id = flows.takeUdpId(slot);
        int length = SegmentWriter.UDP_HEADER + 41;
        flows.udp(slot, SOURCE_PORT, PORT, id, length);
        // the slot now carries an echo request: its id, ports and length stay in the arrays
        flows.icmp(slot);
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, id)).as("slot reused for ICMP").isEqualTo(NO_MATCH);

        flows.udp(slot, SOURCE_PORT, PORT, id, length);
        slots.release(slot); // answered or timed out
        assertThat(flows.udpSlot(SOURCE_PORT, PORT, length, id)).as("released slot").isEqualTo(NO_MATCH);
    }
}
