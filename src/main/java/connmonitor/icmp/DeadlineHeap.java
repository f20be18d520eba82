package connmonitor.icmp;

import java.util.Arrays;

/**
 * A binary min-heap of (deadline, slot, generation) in primitive arrays: the engine's timeouts.
 * An entry whose slot was answered (or reused, hence the generation) is simply stale when it surfaces.
 */
final class DeadlineHeap {

    private long[] deadlines;
    private int[] slots;
    private int[] generations;
    private int size;

    DeadlineHeap(int capacity) {
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

    void add(long deadline, int slot, int generation) {
        if (size == deadlines.length) {
            deadlines = Arrays.copyOf(deadlines, size * 2);
            slots = Arrays.copyOf(slots, size * 2);
            generations = Arrays.copyOf(generations, size * 2);
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
        if (size == 0) {
            return;
        }
        long deadline = deadlines[size];
        int slot = slots[size];
        int generation = generations[size];
        int i = 0;
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
