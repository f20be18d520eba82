package connmonitor.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timer whose time moves only when a test says so: tasks run on the test's thread, in deadline
 * order, when {@link #advance} passes their time. Its {@link #clock()} reads the same time, so a test
 * sees exactly when each thing happened without sleeping.
 */
final class ManualTimer extends AbstractExecutorService implements ScheduledExecutorService {

    static final Instant EPOCH = Instant.parse("2026-11-29T12:00:00Z");

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            java.util.Comparator.comparingLong((Task task) -> task.due).thenComparingLong(task -> task.order));
    private long nanos;
    private long order;
    private boolean shutdown;

    /** Nanoseconds since the timer was made. */
    long nanos() {
        return nanos;
    }

    /** Wall-clock time that moves with this timer. */
    Clock clock() {
        ManualTimer timer = this;
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return EPOCH.plusNanos(timer.nanos);
            }
        };
    }

    /** Moves time forward, running every task that falls due on the way, each at its own time. */
    void advance(Duration duration) {
        long end = nanos + duration.toNanos();
        while (true) {
            Task next = tasks.peek();
            if (next == null || next.due > end) {
                break;
            }
            tasks.poll();
            nanos = next.due;
            next.run();
        }
        nanos = end;
    }

    /** Tasks waiting to run (cancelled ones are removed at once, as with setRemoveOnCancelPolicy). */
    int pending() {
        return tasks.size();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        Task task = new Task(command, nanos + Math.max(0, unit.toNanos(delay)), order++);
        tasks.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the scheduler");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the scheduler");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the scheduler");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        tasks.clear();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task implements ScheduledFuture<Object> {
        private final Runnable command;
        private final long due;
        private final long order;
        private boolean cancelled;
        private boolean done;

        Task(Runnable command, long due, long order) {
            this.command = command;
            this.due = due;
            this.order = order;
        }

        void run() {
            done = true;
            command.run();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            tasks.remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }
}
