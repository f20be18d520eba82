package connmonitor.schedule;

import connmonitor.config.Target;
import connmonitor.probe.Measurement;
import connmonitor.probe.Probe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A probe that answers as a test scripts it, one answer per call, and remembers when (on the manual
 * timer) and for whom it was called. With its script used up, it leaves each measurement running
 * until the test completes it through {@link #calls}.
 */
final class ScriptedProbe implements Probe<Measurement> {

    record Call(Target target, long nanos, CompletableFuture<Measurement> result) {
    }

    private final ManualTimer timer;
    private final Deque<Supplier<CompletableFuture<Measurement>>> script = new ArrayDeque<>();
    final List<Call> calls = new ArrayList<>();
    /** What each {@link #retainOnly} was told, in order. */
    final List<Set<Target>> retained = new ArrayList<>();

    ScriptedProbe(ManualTimer timer) {
        this.timer = timer;
    }

    /** The next calls complete at once with this result. */
    ScriptedProbe thenAnswer(int times, Measurement result) {
        for (int i = 0; i < times; i++) {
            script.add(() -> CompletableFuture.completedFuture(result));
        }
        return this;
    }

    /** The next calls fail their future with this. */
    ScriptedProbe thenFail(int times, RuntimeException failure) {
        for (int i = 0; i < times; i++) {
            script.add(() -> CompletableFuture.failedFuture(failure));
        }
        return this;
    }

    /** The next calls throw this from {@code measure} itself, as a broken probe would. */
    ScriptedProbe thenThrow(int times, RuntimeException fault) {
        for (int i = 0; i < times; i++) {
            script.add(() -> {
                throw fault;
            });
        }
        return this;
    }

    @Override
    public CompletableFuture<Measurement> measure(Target target) {
        Supplier<CompletableFuture<Measurement>> answer = script.poll();
        CompletableFuture<Measurement> result = new CompletableFuture<>();
        calls.add(new Call(target, timer.nanos(), result));
        if (answer == null) {
            return result;
        }
        CompletableFuture<Measurement> scripted = answer.get();
        scripted.whenComplete((value, fault) -> {
            if (fault != null) {
                result.completeExceptionally(fault);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    @Override
    public void retainOnly(Set<Target> measured) {
        retained.add(measured);
    }
}
