package connmonitor.lab;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs every cleanup step even when some fail, then reports the first failure (others suppressed). */
final class Teardown {

    private RuntimeException failure;

    void attempt(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
    }

    /** TERM to all, then KILL to those still alive after the grace period. */
    void stopProcesses(List<Process> processes, Duration grace) {
        attempt(() -> {
            processes.forEach(p -> p.descendants().forEach(ProcessHandle::destroy));
            processes.forEach(Process::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            for (Process process : processes) {
                waitFor(process, deadline - System.nanoTime());
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    waitFor(process, grace.toNanos());
                }
            }
        });
    }

    void finish() {
        if (failure != null) {
            throw failure;
        }
    }

    private static void waitFor(Process process, long nanos) {
        try {
            process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
