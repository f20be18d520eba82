package connmonitor.icmp;

import java.util.Arrays;

/**
 * A binary min-heap of (deadline, slot, generation) in primitive arrays: the engine's timeouts.
 * An entry whose slot was answered (or reused, hence the generation) is simply stale when it surfaces.
 * A full heap first drops its stale entries and grows only when most entries still guard a request,
 * so a faster send rate does not keep allocating bigger arrays for answers that came long ago.
 */
final class DeadlineHeap {

    /** Tells whether an entry still guards a request in flight. */
    interface Liveness {
        boolean live(int slot, int generation);
    }

    private final Liveness liveness;

    private long[] deadlines;
    private int[] slots;
    private int[] generations;
    private int size;

    DeadlineHeap(int capacity, Liveness liveness) {
        this.liveness = liveness;
        deadlines = new long[capacity];
        slots = new int[capacity];
        generations = new int[capacity];
    }

    boolean isEmpty() {
        return size == 0;
    }

    long firstDeadline() {
        return deadlines[0];
    }

    int firstSlot() {
        return slots[0];
    }

    int firstGeneration() {
        return generations[0];
    }

    int size() {
        return size;
    }

    int capacity() {
        return deadlines.length;
    }

    void add(long deadline, int slot, int generation) {
        if (size == deadlines.length) {
            dropStale();
            if (size > deadlines.length / 4 * 3) {
                deadlines = Arrays.copyOf(deadlines, deadlines.length * 2);
                slots = Arrays.copyOf(slots, slots.length * 2);
                generations = Arrays.copyOf(generations, generations.length * 2);
            }
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (deadlines[parent] - deadline <= 0) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, deadline, slot, generation);
    }

    void removeFirst() {
        size--;
        if (size > 0) {
            siftDown(0, deadlines[size], slots[size], generations[size]);
        }
    }

    /**
     * Removes stale entries from the top until the first one guards a request in flight: the engine
     * then sleeps until the first deadline that matters. Every answered request leaves a stale entry,
     * and without this the engine woke once per burst, 2 s after it, only to throw that entry away.
     */
    void dropStaleFirst() {
        while (size > 0 && !liveness.live(slots[0], generations[0])) {
            removeFirst();
        }
    }

    /** Keeps the live entries only and restores heap order bottom-up (Floyd): O(size), no allocation. */
    private void dropStale() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (liveness.live(slots[i], generations[i])) {
                move(i, kept++);
            }
        }
        size = kept;
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i, deadlines[i], slots[i], generations[i]);
        }
    }

    /** Places the entry at or below position i, moving smaller children up. */
    private void siftDown(int i, long deadline, int slot, int generation) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && deadlines[child + 1] - deadlines[child] < 0) {
                child++;
            }
            if (deadline - deadlines[child] <= 0) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, deadline, slot, generation);
    }

    private void move(int from, int to) {
        set(to, deadlines[from], slots[from], generations[from]);
    }

    private void set(int i, long deadline, int slot, int generation) {
        deadlines[i] = deadline;
        slots[i] = slot;
        generations[i] = generation;
    }
}
