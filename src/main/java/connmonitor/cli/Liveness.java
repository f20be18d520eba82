package connmonitor.cli;

import connmonitor.icmp.ProbeEngine;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the threads that measure still make progress: the ICMP engine's loop and the scheduler's
 * timer. Each check nudges both, so an idle but healthy process still shows progress at the next check;
 * a thread stuck in a loop or a call that never returns does not.
 */
final class Liveness {

    private final ProbeEngine engine;
    private final ScheduledExecutorService timer;
    private final AtomicLong timerTurns = new AtomicLong();
    private long engineSeen = -1;
    private long timerSeen = -1;

    Liveness(ProbeEngine engine, ScheduledExecutorService timer) {
        this.engine = engine;
        this.timer = timer;
    }

    /** True when both threads went round since the previous call (false on the first call). */
    synchronized boolean progressed() {
        long engineNow = engine.turns();
        long timerNow = timerTurns.get();
        boolean progressed = engineSeen >= 0 && engineNow > engineSeen && timerNow > timerSeen;
        engineSeen = engineNow;
        timerSeen = timerNow;
        engine.nudge();
        if (!timer.isShutdown()) {
            timer.execute(timerTurns::incrementAndGet);
        }
        return progressed;
    }
}
