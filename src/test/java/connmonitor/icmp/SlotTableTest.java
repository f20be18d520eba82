package connmonitor.icmp;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The slot table starts as large as the config needs and grows while requests are in flight: a slot
 * keeps its number (so the identifier and sequence its packet carries still lead back to it), its
 * request and its generation; the UDP and TCP details of {@link FlowSlots} grow along.
 */
class SlotTableTest {

    @Test
    void startsAtTwiceThePeakAsAPowerOfTwoWithinBounds() {
        int max = IcmpEngine.IDENTIFIERS << 16;
        assertThat(SlotTable.initialCapacity(0, max)).isEqualTo(SlotTable.MIN_CAPACITY);
        assertThat(SlotTable.initialCapacity(100, max)).as("100 hosts x 1 echo").isEqualTo(1024);
        assertThat(SlotTable.initialCapacity(512, max)).isEqualTo(1024);
        assertThat(SlotTable.initialCapacity(513, max)).isEqualTo(2048);
        assertThat(SlotTable.initialCapacity(30_000, max)).isEqualTo(65_536);
        assertThat(SlotTable.initialCapacity(100_000, max)).as("10,000 hosts x 10 echoes").isEqualTo(max);
        assertThat(SlotTable.initialCapacity(10_000_000, 1 << 16)).as("a ping socket's sequence space").isEqualTo(1 << 16);
        assertThatThrownBy(() -> new SlotTable(1000, max, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growsWithRequestsInFlightKeepingEverySlotsNumberAndRequest() {
        SlotTable slots = new SlotTable(1024, 1 << 18, 40_000);
        FlowSlots flows = new FlowSlots(slots);
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int slot = slots.take(IgnoringListener.INSTANCE, i);
            assertThat(slot).as("request %d gets a slot", i).isNotNegative();
            slots.fill(slot, Family.V4, 0, 0x7f000001L, 56, 1000L + i, 1, 1, 1_000_000_000L);
            if (i % 2 == 0) {
                flows.icmp(slot);
            } else {
                flows.tcp(slot, 61_000, 80, SegmentWriter.sequence(slot, i));
            }
            taken.add(slot);
        }
        assertThat(taken).doesNotHaveDuplicates();
        assertThat(slots.capacity()).isEqualTo(8192); // 1,024 doubled thrice: 5,000 > 3/4 of 4,096
        assertThat(slots.inFlight()).isEqualTo(5_000);
        for (int i = 0; i < taken.size(); i++) {
            int slot = taken.get(i);
            assertThat(slots.index(slot)).isEqualTo(i);
            assertThat(slots.nonce(slot)).isEqualTo(1000L + i);
            assertThat(slots.slotOf(slots.identifier(slot), SlotTable.sequence(slot), false)).isEqualTo(slot);
            assertThat(slots.sentTo(slot, Family.V4, 0, 0x7f000001L)).isTrue();
            if (i % 2 == 0) {
                assertThat(flows.isIcmp(slot)).isTrue();
            } else {
                assertThat(flows.tcpSlot(61_000, 80, SegmentWriter.sequence(slot, i))).isEqualTo(slot);
            }
        }
        int generation = slots.generation(taken.get(0));
        assertThat(slots.live(taken.get(0), generation)).isTrue();
        slots.release(taken.get(0));
        assertThat(slots.live(taken.get(0), generation)).isFalse();
    }

    @Test
    void refusesOnlyWhenTheIdentifiersSpaceIsFull() {
        SlotTable slots = new SlotTable(1024, 4096, 7);
        new FlowSlots(slots);
        for (int i = 0; i < 4096; i++) {
            assertThat(slots.take(IgnoringListener.INSTANCE, 0)).isNotNegative();
        }
        assertThat(slots.hasRoom()).isFalse();
        assertThat(slots.take(IgnoringListener.INSTANCE, 0)).isEqualTo(-1);
        slots.release(100);
        assertThat(slots.hasRoom()).isTrue();
        assertThat(slots.take(IgnoringListener.INSTANCE, 0)).isEqualTo(100);
    }
}
