package connmonitor.icmp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineHeapTest {

    /** Slots 0..n-1; a slot is live while its generation matches and it was not answered. */
    private static final class Slots implements DeadlineHeap.Liveness {
        final int[] generations;
        final boolean[] answered;

        Slots(int n) {
            generations = new int[n];
            answered = new boolean[n];
        }

        @Override
        public boolean live(int slot, int generation) {
            return !answered[slot] && generations[slot] == generation;
        }
    }

    private static List<Long> drain(DeadlineHeap heap) {
        List<Long> out = new ArrayList<>();
        while (!heap.isEmpty()) {
            out.add(heap.firstDeadline());
            heap.removeFirst();
        }
        return out;
    }

    @Test
    void yieldsDeadlinesInOrderIncludingAcrossLongWraparound() {
        Slots slots = new Slots(1000);
        DeadlineHeap heap = new DeadlineHeap(4, slots);
        Random random = new Random(7);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long deadline = Long.MAX_VALUE - 500 + random.nextInt(1000); // nanoTime may wrap
            heap.add(deadline, i, 0);
            expected.add(deadline);
        }
        expected.sort((a, b) -> Long.compare(a - Long.MAX_VALUE, b - Long.MAX_VALUE));
        assertThat(drain(heap)).containsExactlyElementsOf(expected);
    }

    @Test
    void aFullHeapDropsAnsweredEntriesInsteadOfGrowing() {
        Slots slots = new Slots(64);
        DeadlineHeap heap = new DeadlineHeap(16, slots);
        for (int round = 0; round < 1000; round++) {
            int slot = round % 64;
            slots.generations[slot]++;
            slots.answered[slot] = false;
            heap.add(1_000_000L - round, slot, slots.generations[slot]);
            slots.answered[slot] = true; // answered at once: the entry is stale from now on
        }
        assertThat(heap.capacity()).isEqualTo(16);
        assertThat(heap.size()).isLessThanOrEqualTo(16);
    }

    @Test
    void growsWhenMostEntriesAreStillLiveAndKeepsOrderAfterCompaction() {
        Slots slots = new Slots(100);
        DeadlineHeap heap = new DeadlineHeap(8, slots);
        List<Long> live = new ArrayList<>();
        for (int slot = 0; slot < 100; slot++) {
            long deadline = (slot * 37L) % 101;
            heap.add(deadline, slot, 0);
            if (slot % 5 == 0) {
                slots.answered[slot] = true; // a fifth are answered: compaction drops them
            } else {
                live.add(deadline);
            }
        }
        assertThat(heap.capacity()).isGreaterThanOrEqualTo(live.size());
        List<Long> drained = drain(heap);
        assertThat(drained).isSorted();
        assertThat(drained).containsAll(live);
    }

    @Test
    void dropsStaleEntriesFromTheTopOnlyUntilTheFirstLiveOne() {
        Slots slots = new Slots(10);
        DeadlineHeap heap = new DeadlineHeap(16, slots);
        for (int slot = 0; slot < 10; slot++) {
            heap.add(100L + slot, slot, 0);
        }
        for (int slot : new int[] {0, 1, 2, 5, 7}) {
            slots.answered[slot] = true;
        }
        heap.dropStaleFirst();
        assertThat(heap.firstDeadline()).isEqualTo(103L);
        assertThat(heap.size()).isEqualTo(7); // 5 and 7 wait below the top until they surface
        for (int slot = 0; slot < 10; slot++) {
            slots.answered[slot] = true;
        }
        heap.dropStaleFirst();
        assertThat(heap.isEmpty()).isTrue();
    }
}
